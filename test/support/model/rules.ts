// Service rules of the in-memory WorkSpaces model that do not depend on its state: limits, the
// volume-size rule, auto-stop and tag rules, and how errors are raised. The facts are the
// design's "Service facts" (DESIGN.md); error names are the API model's.
import * as sdk from '@aws-sdk/client-workspaces';
import type { Tag } from '@aws-sdk/client-workspaces';

/** Limits the service enforces beyond the API model (DESIGN.md, "Service facts"). */
export const LIMITS = {
  RULES_PER_IP_GROUP: 10,
  IP_GROUPS_PER_DIRECTORY: 25,
  /** Key length (127) and value length (255 in the API model; DESIGN.md says 256) are the validator's. */
  TAGS_PER_RESOURCE: 50,
  MAX_VOLUME_GIB: 2000,
  DEFAULT_PAGE_SIZE: 25,
} as const;

/** Bundles seeded into every model (ids match the API's `^wsb-[0-9a-z]{8,63}$`). */
export const BUNDLES = {
  STANDARD: 'wsb-standard01',
  PERFORMANCE: 'wsb-perform001',
  POWER: 'wsb-power0001',
  GRAPHICS: 'wsb-graphic01',
} as const;

export interface BundleSeed {
  readonly BundleId: string;
  readonly Name?: string;
  readonly ComputeTypeName: string;
  readonly RootVolumeSizeGib: number;
  readonly UserVolumeSizeGib: number;
}

export const DEFAULT_BUNDLES: BundleSeed[] = [
  { BundleId: BUNDLES.STANDARD, Name: 'Standard with Windows', ComputeTypeName: 'STANDARD', RootVolumeSizeGib: 80, UserVolumeSizeGib: 50 },
  { BundleId: BUNDLES.PERFORMANCE, Name: 'Performance with Windows', ComputeTypeName: 'PERFORMANCE', RootVolumeSizeGib: 80, UserVolumeSizeGib: 100 },
  { BundleId: BUNDLES.POWER, Name: 'Power with Windows', ComputeTypeName: 'POWER', RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 },
  { BundleId: BUNDLES.GRAPHICS, Name: 'Graphics.g4dn with Windows', ComputeTypeName: 'GRAPHICS_G4DN', RootVolumeSizeGib: 100, UserVolumeSizeGib: 100 },
];

/** Graphics compute families (GRAPHICS, GRAPHICSPRO, GRAPHICS_G4DN, GRAPHICS_G6_…, …). */
export function isGraphics(computeTypeName: string): boolean {
  return computeTypeName.includes('GRAPHICS');
}

/**
 * The volume rule (DESIGN.md): root/user GiB 80/10, 80/50, 80/100, or 175–2000 / 100–2000;
 * graphics families start at 100/100 (root 100–2000, user 100–2000). Returns what is wrong, or
 * undefined. Used by CreateWorkspaces and ModifyWorkspaceProperties alike.
 */
export function volumeProblem(rootGib: number, userGib: number, computeTypeName: string): string | undefined {
  const max = LIMITS.MAX_VOLUME_GIB;
  const within = (v: number, lo: number) => v >= lo && v <= max;
  if (isGraphics(computeTypeName)) {
    return within(rootGib, 100) && within(userGib, 100)
      ? undefined
      : `Root ${rootGib} GiB / user ${userGib} GiB is not supported for ${computeTypeName}: graphics bundles need at least 100 GiB root and 100 GiB user volumes`;
  }
  if (rootGib === 80 && [10, 50, 100].includes(userGib)) return undefined;
  if (within(rootGib, 175) && within(userGib, 100)) return undefined;
  return `Root ${rootGib} GiB / user ${userGib} GiB is not a supported combination: use 80/10, 80/50, 80/100, or root 175-${max} with user 100-${max}`;
}

/** Auto-stop rule (DESIGN.md): the timeout is a multiple of 60 minutes, and only with AUTO_STOP. */
export function autoStopProblem(runningMode: string, timeoutMinutes: number | undefined): string | undefined {
  if (timeoutMinutes === undefined) return undefined;
  if (runningMode !== 'AUTO_STOP') return `RunningModeAutoStopTimeoutInMinutes can only be set with RunningMode AUTO_STOP (running mode is ${runningMode})`;
  if (timeoutMinutes <= 0 || timeoutMinutes % 60 !== 0) return `RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60, got ${timeoutMinutes}`;
  return undefined;
}

/** Tag rules (DESIGN.md): no `aws:` keys; at most 50 tags per resource once merged. */
export function tagProblem(existing: ReadonlyMap<string, string | undefined>, added: readonly Tag[]): { name: string; message: string } | undefined {
  const reserved = added.find(t => (t.Key ?? '').toLowerCase().startsWith('aws:'));
  if (reserved) return { name: 'InvalidParameterValuesException', message: `Tag keys starting with "aws:" are reserved: ${reserved.Key}` };
  const keys = new Set([...existing.keys(), ...added.map(t => t.Key!)]);
  if (keys.size > LIMITS.TAGS_PER_RESOURCE) {
    return { name: 'ResourceLimitExceededException', message: `A resource can have at most ${LIMITS.TAGS_PER_RESOURCE} tags (${keys.size} requested)` };
  }
  return undefined;
}

/**
 * The SDK's own exception class of that name (so `name` and `instanceof` work) or, for an error
 * the SDK does not model (ThrottlingException…), what the SDK raises for an unmodelled error
 * code: a WorkSpacesServiceException named after it, `$fault: 'client'`.
 */
export function serviceError(name: string, message: string, resourceId?: string): Error {
  const cls = (sdk as unknown as Record<string, unknown>)[name];
  if (typeof cls === 'function' && sdk.WorkSpacesServiceException.prototype.isPrototypeOf(cls.prototype)) {
    const Ctor = cls as new (opts: Record<string, unknown>) => Error;
    return new Ctor({ message, $metadata: {}, ...(resourceId && (name === 'ResourceNotFoundException' || name === 'ResourceUnavailableException') ? { ResourceId: resourceId } : {}) });
  }
  return new sdk.WorkSpacesServiceException({ name, $fault: 'client', $metadata: {}, message });
}

export function throttlingError(operation: string): Error {
  return serviceError('ThrottlingException', `Rate exceeded (${operation})`);
}

/** Deep copy: nothing a caller holds can reach the model's state. */
export function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Drops null and undefined members (the SDK's serializers never send them), at any depth. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, compact(v)])) as T;
}

/** Tags as the API returns them, from the model's key → value map. */
export function tagList(tags: ReadonlyMap<string, string | undefined>): Tag[] {
  return [...tags].map(([Key, Value]) => (Value === undefined ? { Key } : { Key, Value }));
}
