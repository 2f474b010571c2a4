// One table per state literal set of the service: what each value means to a reconciler.
// `Record<Enum, …>` makes the compiler reject a table that misses a literal of the SDK's enum.
import type { ModificationStateEnum, WorkspaceDirectoryState, WorkspaceState } from '@aws-sdk/client-workspaces';

/** stable: settled, steps may be taken; transient: wait; failed: terminal; gone: deleted. */
export type Disposition = 'stable' | 'transient' | 'failed' | 'gone';

export const WORKSPACE_STATES: Record<WorkspaceState, Disposition> = {
  AVAILABLE: 'stable',
  STOPPED: 'stable',
  ADMIN_MAINTENANCE: 'stable',
  PENDING: 'transient',
  STARTING: 'transient',
  STOPPING: 'transient',
  REBOOTING: 'transient',
  REBUILDING: 'transient',
  RESTORING: 'transient',
  MAINTENANCE: 'transient',
  UPDATING: 'transient',
  TERMINATING: 'transient',
  TERMINATED: 'gone',
  ERROR: 'failed',
  IMPAIRED: 'failed',
  UNHEALTHY: 'failed',
  SUSPENDED: 'failed',
};

export const DIRECTORY_STATES: Record<WorkspaceDirectoryState, Disposition> = {
  REGISTERED: 'stable',
  REGISTERING: 'transient',
  DEREGISTERING: 'transient',
  DEREGISTERED: 'gone',
  ERROR: 'failed',
};

export const MODIFICATION_STATES: Record<ModificationStateEnum, Disposition> = {
  UPDATE_INITIATED: 'transient',
  UPDATE_IN_PROGRESS: 'transient',
  UPDATE_FAILED: 'failed',
};

/** The disposition of a state literal; an unknown literal (a newer service) is waited on. */
export function dispositionOf<S extends string>(table: Record<S, Disposition>, state: string | undefined): Disposition {
  return (table as Record<string, Disposition>)[state ?? ''] ?? 'transient';
}
