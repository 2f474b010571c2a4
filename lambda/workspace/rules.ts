// The WorkSpaces rules the Workspace reconciler checks before it calls the service: volume
// combinations, running mode, target state, and which updates are refused (DESIGN.md, "Service
// facts" and "Update semantics"). Pure functions: no calls, no state.
import { createHash } from 'crypto';
import type { Workspace, WorkspaceProperties } from '@aws-sdk/client-workspaces';
import { WorkspacePropertiesProperty, WorkspaceResourceProperties } from '../../src/custom-resources/contract';

export const MAX_VOLUME_GIB = 2000;
export const TARGET_STATES: readonly string[] = ['AVAILABLE', 'ADMIN_MAINTENANCE'];

const ALLOWED_VOLUMES = 'root/user GiB 80/10, 80/50, 80/100, or 175-2000 / 100-2000 (graphics compute types: 100-2000 / 100-2000)';

/** Graphics families (GRAPHICS, GRAPHICSPRO, GRAPHICS_G4DN, GRAPHICS_G6_…) do not mix with the others. */
export function isGraphics(computeTypeName: string | undefined): boolean {
  return (computeTypeName ?? '').includes('GRAPHICS');
}

const within = (gib: number, min: number) => gib >= min && gib <= MAX_VOLUME_GIB;

/** What is wrong with a root/user combination for a compute family, or undefined. */
export function volumeProblem(rootGib: number, userGib: number, graphics: boolean): string | undefined {
  if (graphics ? within(rootGib, 100) && within(userGib, 100)
    : (rootGib === 80 && [10, 50, 100].includes(userGib)) || (within(rootGib, 175) && within(userGib, 100))) {
    return undefined;
  }
  return `root ${rootGib} GiB / user ${userGib} GiB is not allowed${graphics ? ' for a graphics compute type' : ''}: use ${ALLOWED_VOLUMES}`;
}

/** Whether a root size alone / user size alone can be part of an allowed combination. */
function rootAllowed(gib: number, graphics: boolean): boolean {
  return graphics ? within(gib, 100) : gib === 80 || within(gib, 175);
}
function userAllowed(gib: number, graphics: boolean): boolean {
  return graphics ? within(gib, 100) : gib === 10 || gib === 50 || within(gib, 100);
}

/**
 * Problems of the desired properties on their own (no call needed): an invalid target state,
 * auto-stop timeout, or volume size. With no compute type set the family is unknown, so a size
 * is refused only when neither family allows it.
 */
export function desiredProblems(props: WorkspaceResourceProperties): string[] {
  const p = props.WorkspaceProperties ?? {};
  const problems: string[] = [];
  if (props.State !== undefined && !TARGET_STATES.includes(props.State)) {
    problems.push(`State ${props.State} is not a target state: use ${TARGET_STATES.join(' or ')}`);
  }
  const timeout = p.RunningModeAutoStopTimeoutInMinutes;
  if (timeout !== undefined && (timeout <= 0 || timeout % 60 !== 0)) {
    problems.push(`RunningModeAutoStopTimeoutInMinutes ${timeout} is not allowed: use a positive multiple of 60`);
  }
  if (timeout !== undefined && p.RunningMode !== undefined && p.RunningMode !== 'AUTO_STOP') {
    problems.push(`RunningModeAutoStopTimeoutInMinutes is only allowed with RunningMode AUTO_STOP (RunningMode is ${p.RunningMode})`);
  }
  const families = p.ComputeTypeName !== undefined ? [isGraphics(p.ComputeTypeName)] : [false, true];
  const root = p.RootVolumeSizeGib;
  const user = p.UserVolumeSizeGib;
  if (root !== undefined && user !== undefined) {
    if (families.every(g => volumeProblem(root, user, g))) problems.push(volumeProblem(root, user, families[0])!);
  } else if (root !== undefined && !families.some(g => rootAllowed(root, g))) {
    problems.push(`RootVolumeSizeGib ${root} is not allowed: use ${ALLOWED_VOLUMES}`);
  } else if (user !== undefined && !families.some(g => userAllowed(user, g))) {
    problems.push(`UserVolumeSizeGib ${user} is not allowed: use ${ALLOWED_VOLUMES}`);
  }
  return problems;
}

export interface Volumes {
  readonly root: number;
  readonly user: number;
}

/**
 * The volume sizes to reach. Desired sizes are floors: a size below the actual one is never
 * requested (volumes cannot shrink; the reconciler refuses deliberate decreases before this).
 * A root of 175 GiB or more needs a user volume of at least 100 GiB: when the user volume is
 * not set (or set lower by a rollback), it is raised to 100 first.
 */
export function targetVolumes(desired: WorkspacePropertiesProperty, actual: WorkspaceProperties): Volumes {
  const actualRoot = actual.RootVolumeSizeGib ?? 0;
  const actualUser = actual.UserVolumeSizeGib ?? 0;
  const root = Math.max(desired.RootVolumeSizeGib ?? actualRoot, actualRoot);
  const user = Math.max(desired.UserVolumeSizeGib ?? actualUser, actualUser);
  return { root, user: root >= 175 && !isGraphics(actual.ComputeTypeName) ? Math.max(user, 100) : user };
}

const IDENTITY = ['DirectoryId', 'UserName'] as const;
const ENCRYPTION = ['VolumeEncryptionKey', 'RootVolumeEncryptionEnabled', 'UserVolumeEncryptionEnabled'] as const;
type Fixed = typeof IDENTITY[number] | typeof ENCRYPTION[number];

function normalised(key: Fixed, value: unknown): unknown {
  if (value === undefined || value === false || value === '') return undefined;
  return key === 'UserName' ? String(value).toLowerCase() : value; // user names are case-insensitive
}

/**
 * Properties whose change would replace the WorkSpace and destroy its user volume. A property
 * counts as changed only when the new value differs from the old one AND from the WorkSpace's
 * actual value: so the rollback of a refused change (which asks for what the WorkSpace already
 * has) is not refused again.
 */
export function fixedPropertyChanges(props: WorkspaceResourceProperties, old: Partial<WorkspaceResourceProperties>, actual: Workspace): string[] {
  return [...IDENTITY, ...ENCRYPTION].filter(key => {
    const wanted = normalised(key, props[key]);
    return wanted !== normalised(key, old[key]) && wanted !== normalised(key, actual[key]);
  }).map(key => `${key} (${JSON.stringify(old[key] ?? actual[key] ?? null)} → ${JSON.stringify(props[key] ?? null)})`);
}

export interface Decrease {
  readonly property: 'RootVolumeSizeGib' | 'UserVolumeSizeGib';
  readonly from: number;
  readonly to: number;
}

/**
 * Volume sizes the template lowers below the WorkSpace's actual size: lower than the old
 * template value (or newly set), and lower than what the WorkSpace has. A value lower than the old
 * one but not lower than the actual one (the old value was never applied) is no decrease.
 */
export function decreases(props: WorkspaceResourceProperties, old: Partial<WorkspaceResourceProperties>, actual: WorkspaceProperties): Decrease[] {
  return (['RootVolumeSizeGib', 'UserVolumeSizeGib'] as const).flatMap(property => {
    const to = props.WorkspaceProperties?.[property];
    const was = old.WorkspaceProperties?.[property];
    const has = actual[property];
    return to !== undefined && has !== undefined && to < has && (was === undefined || to < was) ? [{ property, from: has, to }] : [];
  });
}

/**
 * Problems of the desired properties combined with the WorkSpace (same bundle): a compute change
 * across the graphics boundary, a final volume combination that is not allowed, a timeout without
 * AUTO_STOP.
 */
export function transitionProblems(props: WorkspaceResourceProperties, actual: WorkspaceProperties): string[] {
  const p = props.WorkspaceProperties ?? {};
  const problems: string[] = [];
  const compute = p.ComputeTypeName ?? actual.ComputeTypeName;
  if (p.ComputeTypeName !== undefined && isGraphics(p.ComputeTypeName) !== isGraphics(actual.ComputeTypeName)) {
    problems.push(`ComputeTypeName cannot change from ${actual.ComputeTypeName} to ${p.ComputeTypeName}: WorkSpaces does not move a WorkSpace `
      + 'between graphics and non-graphics compute types in place. Choose a compute type of the same family, or change BundleId to a bundle '
      + 'of the other family (the WorkSpace is migrated, its user volume is kept)');
  }
  const target = targetVolumes(p, actual);
  const volumes = volumeProblem(target.root, target.user, isGraphics(compute));
  if (volumes) problems.push(`the resulting volumes (${volumes})`);
  const mode = p.RunningMode ?? actual.RunningMode;
  if (p.RunningModeAutoStopTimeoutInMinutes !== undefined && mode !== 'AUTO_STOP') {
    problems.push(`RunningModeAutoStopTimeoutInMinutes needs RunningMode AUTO_STOP (the WorkSpace runs ${mode}): set RunningMode AUTO_STOP too`);
  }
  return problems;
}

/** A short, stable fingerprint of parsed properties (tag values are limited to 255 characters). */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter(k => (value as Record<string, unknown>)[k] !== undefined)
      .map(k => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
