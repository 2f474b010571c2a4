// The in-place steps of a WorkSpace, as an ordered table. Each poll asks every step, in order,
// for the call it needs; the first answer is the one call the poll makes. The order is one the
// service accepts: volumes and compute never in one call, root and user volume never raised
// together, the user volume raised to 100 GiB before a root of 175+ GiB; running mode, timeout
// and protocols go alone and first (they apply at once), the target state last.
import type { Compute, ModificationResourceEnum, Protocol, RunningMode, WorkspaceProperties } from '@aws-sdk/client-workspaces';
import { isGraphics, volumeProblem, Volumes } from './rules';
import { WorkspaceResourceProperties } from '../../src/custom-resources/contract';
import { HandlerError } from '../common/errors';

/** States in which ModifyWorkspaceProperties is accepted. */
export const PROPERTY_STATES: readonly string[] = ['AVAILABLE', 'STOPPED'];
const STABLE_STATES: readonly string[] = ['AVAILABLE', 'STOPPED', 'ADMIN_MAINTENANCE'];

/** What one poll knows. `actual` already counts this request's modification in progress as done. */
export interface StepContext {
  readonly workspaceId: string;
  readonly desired: WorkspaceResourceProperties;
  readonly state: string;
  readonly actual: WorkspaceProperties;
  /** Volume sizes to reach (rules.targetVolumes). */
  readonly volumes: Volumes;
  readonly userTagsDiffer: boolean;
}

interface CallBase {
  /** For logs and failure messages. */
  readonly summary: string;
  /** States of the WorkSpace in which the call can be made. */
  readonly from: readonly string[];
}

/** A change the service reports in ModificationStates until it is done. */
export interface Modification {
  readonly resource: ModificationResourceEnum;
  readonly target: string;
}

export type StepCall =
  | CallBase & { readonly kind: 'properties'; readonly properties: WorkspaceProperties; readonly modification?: Modification }
  | CallBase & { readonly kind: 'state'; readonly state: 'AVAILABLE' | 'ADMIN_MAINTENANCE' }
  | CallBase & { readonly kind: 'start' }
  | CallBase & { readonly kind: 'tags' };

export interface Step {
  readonly name: string;
  /** The call this step needs now, or undefined when it has nothing to do (or cannot go first). */
  next(c: StepContext): StepCall | undefined;
}

/** Where a tracked modification's target lands in WorkspaceProperties. */
export const MODIFIED_PROPERTY: Partial<Record<string, (target: string) => WorkspaceProperties>> = {
  ROOT_VOLUME: t => ({ RootVolumeSizeGib: Number(t) }),
  USER_VOLUME: t => ({ UserVolumeSizeGib: Number(t) }),
  COMPUTE_TYPE: t => ({ ComputeTypeName: t as Compute }),
  PROTOCOL: t => ({ Protocols: t.split(',') as Protocol[] }),
};

export const STEPS: readonly Step[] = [
  { name: 'user tags', next: c => (c.userTagsDiffer ? { kind: 'tags', summary: 'user tags', from: STABLE_STATES } : undefined) },
  { name: 'running mode and auto-stop timeout', next: runningMode },
  { name: 'protocols', next: protocols },
  { name: 'user volume', next: c => volume(c, 'UserVolumeSizeGib', c.volumes.user) },
  { name: 'root volume', next: c => volume(c, 'RootVolumeSizeGib', c.volumes.root) },
  {
    // 80/10 or 80/50 → 175+/…: the root can only grow once the user volume is 100 GiB.
    name: 'user volume to 100 GiB before the root volume',
    next: c => (c.volumes.root > c.actual.RootVolumeSizeGib! && c.volumes.user >= 100 ? volume(c, 'UserVolumeSizeGib', 100) : undefined),
  },
  { name: 'compute type', next: computeType },
  { name: 'target state', next: targetState },
];

/** The first call the table asks for, or undefined when the WorkSpace is as desired. */
export function nextCall(c: StepContext): StepCall | undefined {
  for (const step of STEPS) {
    const call = step.next(c);
    if (call) return call;
  }
  return undefined;
}

/** Changing only the timeout sends it with RunningMode AUTO_STOP; a timeout is never sent without it. */
function runningMode(c: StepContext): StepCall | undefined {
  const d = c.desired.WorkspaceProperties ?? {};
  const mode = (d.RunningMode ?? c.actual.RunningMode) as RunningMode;
  const timeout = mode === 'AUTO_STOP' ? d.RunningModeAutoStopTimeoutInMinutes : undefined;
  const modeChanges = d.RunningMode !== undefined && d.RunningMode !== c.actual.RunningMode;
  const timeoutChanges = timeout !== undefined && timeout !== c.actual.RunningModeAutoStopTimeoutInMinutes;
  if (!modeChanges && !timeoutChanges) return undefined;
  return {
    kind: 'properties',
    summary: `RunningMode ${mode}${timeout !== undefined ? ` with a ${timeout}-minute auto-stop timeout` : ''}`,
    from: PROPERTY_STATES,
    properties: { RunningMode: mode, ...(timeout !== undefined ? { RunningModeAutoStopTimeoutInMinutes: timeout } : {}) },
  };
}

function protocols(c: StepContext): StepCall | undefined {
  const want = c.desired.WorkspaceProperties?.Protocols;
  const have = c.actual.Protocols ?? [];
  if (!want || (want.length === have.length && want.every(p => have.includes(p as Protocol)))) return undefined;
  return {
    kind: 'properties',
    summary: `Protocols ${want.join(', ')}`,
    from: PROPERTY_STATES,
    properties: { Protocols: want as Protocol[] },
    modification: { resource: 'PROTOCOL', target: want.join(',') },
  };
}

/** Raises one volume to `gib` when the resulting combination is allowed (else another step goes first). */
function volume(c: StepContext, property: 'RootVolumeSizeGib' | 'UserVolumeSizeGib', gib: number): StepCall | undefined {
  const have = c.actual[property]!;
  if (have >= gib) return undefined;
  const after = { ...c.actual, [property]: gib };
  if (volumeProblem(after.RootVolumeSizeGib!, after.UserVolumeSizeGib!, isGraphics(c.actual.ComputeTypeName))) return undefined;
  return {
    kind: 'properties',
    summary: `${property} ${have} → ${gib}`,
    from: PROPERTY_STATES,
    properties: { [property]: gib },
    modification: { resource: property === 'RootVolumeSizeGib' ? 'ROOT_VOLUME' : 'USER_VOLUME', target: String(gib) },
  };
}

function computeType(c: StepContext): StepCall | undefined {
  const want = c.desired.WorkspaceProperties?.ComputeTypeName;
  const have = c.actual.ComputeTypeName;
  if (want === undefined || want === have) return undefined;
  if (isGraphics(want) !== isGraphics(have)) {
    // Refused before any call on an update of the same bundle; reachable after a bundle change.
    throw new HandlerError('UnsupportedWorkspaceConfigurationException',
      `ComputeTypeName ${want} is not in the compute family of the WorkSpace's bundle (${have}): graphics and non-graphics compute types do not mix`,
      c.workspaceId, 'Choose a compute type of the bundle\'s family, or leave computeType unset so that the bundle decides.');
  }
  return {
    kind: 'properties',
    summary: `ComputeTypeName ${have} → ${want}`,
    from: PROPERTY_STATES,
    properties: { ComputeTypeName: want as Compute },
    modification: { resource: 'COMPUTE_TYPE', target: want },
  };
}

/**
 * AVAILABLE (the default) is satisfied by STOPPED too: an AUTO_STOP WorkSpace rests STOPPED and a
 * deployment does not start it. ADMIN_MAINTENANCE needs a running WorkSpace: a STOPPED one is
 * started first (else a user signing in would start it outside maintenance).
 */
function targetState(c: StepContext): StepCall | undefined {
  const want = c.desired.State ?? 'AVAILABLE';
  if (want === 'AVAILABLE') {
    return c.state === 'ADMIN_MAINTENANCE' ? { kind: 'state', summary: 'State AVAILABLE', from: ['ADMIN_MAINTENANCE'], state: 'AVAILABLE' } : undefined;
  }
  if (c.state === 'ADMIN_MAINTENANCE') return undefined;
  if (c.state === 'STOPPED') return { kind: 'start', summary: 'start the WorkSpace (ADMIN_MAINTENANCE needs it running)', from: ['STOPPED'] };
  return { kind: 'state', summary: 'State ADMIN_MAINTENANCE', from: ['AVAILABLE'], state: 'ADMIN_MAINTENANCE' };
}
