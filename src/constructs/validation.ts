// Synth-time checks shared by every construct. Every message has one shape,
//   [<construct path>] <what>: got <value>; allowed: <what is allowed>
// whether it is thrown while the construct is built (props) or returned from node.addValidation
// (things that change after construction: tags, rule counts, IP groups; the CDK adds the path).
// Values that are tokens are never checked: they are only known at deploy time.
import { Duration, RemovalPolicy, TagManager, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { ComputeType, RunningMode } from './enums';
import { INTERNAL_TAG_PREFIX } from '../custom-resources/contract';

/** Service id patterns (from the WorkSpaces API model). */
export const IdPatterns = {
  WORKSPACE: { pattern: /^ws-[0-9a-z]{8,63}$/, allowed: 'a WorkSpace id such as ws-0123456789' },
  BUNDLE: { pattern: /^wsb-[0-9a-z]{8,63}$/, allowed: 'a bundle id such as wsb-0123456789' },
  DIRECTORY: { pattern: /^(d-[0-9a-f]{8,63}|wsd-[0-9a-z]{8,63})$/, allowed: 'a directory id such as d-0123456789' },
  DIRECTORY_SERVICE: { pattern: /^d-[0-9a-f]{8,63}$/, allowed: 'a Directory Service directory id such as d-0123456789' },
  IP_GROUP: { pattern: /^wsipg-[0-9a-z]{8,63}$/, allowed: 'an IP group id such as wsipg-0123456789' },
} as const;

/** Formats one problem: `<what>: got <value>; allowed: <allowed>`. */
export function problem(what: string, value: unknown, allowed: string): string {
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
  return `${what}: got ${shown}; allowed: ${allowed}`;
}

/** Throws the synth error `[<path of scope>] <what>: got <value>; allowed: <allowed>`. */
export function invalid(scope: IConstruct, what: string, value: unknown, allowed: string): never {
  throw new Error(`[${scope.node.path}] ${problem(what, value, allowed)}`);
}

/** `value` must match `pattern` (skipped for tokens). */
export function checkPattern(scope: IConstruct, what: string, value: string, rule: { pattern: RegExp; allowed: string }): void {
  if (!Token.isUnresolved(value) && !rule.pattern.test(value)) invalid(scope, what, value, rule.allowed);
}

/** `value` must have `min` to `max` characters (skipped for tokens). */
export function checkLength(scope: IConstruct, what: string, value: string, min: number, max: number): void {
  if (!Token.isUnresolved(value) && (value.length < min || value.length > max)) {
    invalid(scope, what, value, `${min} to ${max} characters`);
  }
}

/** Custom resources cannot be snapshotted. */
export function checkRemovalPolicy(scope: IConstruct, policy: RemovalPolicy | undefined): void {
  if (policy === RemovalPolicy.SNAPSHOT) {
    invalid(scope, 'removalPolicy', policy, `${RemovalPolicy.DESTROY}, ${RemovalPolicy.RETAIN} or ${RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE}`);
  }
}

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

/** An IPv4 CIDR block, as the WorkSpaces console accepts for IP access control rules. */
export function checkCidr(scope: IConstruct, cidr: string): void {
  checkPattern(scope, 'IP rule', cidr, { pattern: IPV4_CIDR, allowed: 'an IPv4 CIDR block such as 203.0.113.0/24' });
}

/** A directory is registered with its own subnets, or with exactly two others. */
export function checkSubnets(scope: IConstruct, subnets: ec2.ISubnet[]): void {
  if (subnets.length !== 2) {
    invalid(scope, 'subnets', `${subnets.length} subnets`, "none (the directory's own subnets are used) or exactly 2, in different Availability Zones");
  }
  const [a, b] = subnets.map(s => s.subnetId);
  if (!Token.isUnresolved(a) && a === b) invalid(scope, 'subnets', [a, b], '2 different subnets, in different Availability Zones');
}

const GENERAL_VOLUMES = '80/10, 80/50, 80/100, or 175-2000 root with 100-2000 user';
const GRAPHICS_VOLUMES = '100/100, or 175-2000 root with 100-2000 user (graphics compute types start at 100/100)';

/**
 * Root/user volume sizes (GiB) must be a combination the service accepts. Checked only when
 * both sizes are known numbers; when the compute type is not set, the bundle decides, so
 * both the general and the graphics combinations are accepted.
 */
export function checkVolumes(scope: IConstruct, root?: number, user?: number, computeType?: ComputeType): void {
  const between = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  // One size alone: it must belong to at least one allowed combination (the bundle gives the other).
  if (root !== undefined && user === undefined && !Token.isUnresolved(root) && !([80, 100].includes(root) || between(root, 175, 2000))) {
    invalid(scope, 'rootVolumeSizeGib', root, `80, 100 (graphics), or 175-2000; combined with the user volume: ${GENERAL_VOLUMES}`);
  }
  if (user !== undefined && root === undefined && !Token.isUnresolved(user) && !([10, 50].includes(user) || between(user, 100, 2000))) {
    invalid(scope, 'userVolumeSizeGib', user, `10, 50, or 100-2000; combined with the root volume: ${GENERAL_VOLUMES}`);
  }
  if (root === undefined || user === undefined || Token.isUnresolved(root) || Token.isUnresolved(user)) return;
  const large = between(root, 175, 2000) && between(user, 100, 2000);
  const small = root === 80 && [10, 50, 100].includes(user);
  const graphics = root === 100 && user === 100;
  const known = computeType !== undefined && !Token.isUnresolved(computeType.name);
  const ok = large || (!known ? small || graphics : computeType.isGraphics ? graphics : small);
  if (!ok) {
    const allowed = !known ? `${GENERAL_VOLUMES} (100/100 with graphics compute types)`
      : computeType.isGraphics ? `${GRAPHICS_VOLUMES} for ${computeType.name}` : GENERAL_VOLUMES;
    invalid(scope, 'rootVolumeSizeGib/userVolumeSizeGib', `${root}/${user}`, allowed);
  }
}

/** The auto-stop timeout is a whole number of hours, and only applies to AUTO_STOP. */
export function checkAutoStop(scope: IConstruct, timeout: Duration | undefined, runningMode: RunningMode | undefined): void {
  if (timeout === undefined) return;
  const shown = timeout.isUnresolved() ? 'a token' : timeout.toHumanString();
  if (runningMode !== RunningMode.AUTO_STOP) {
    invalid(scope, 'autoStopTimeout', `${shown} with runningMode ${runningMode ?? '(not set)'}`, `only with runningMode ${RunningMode.AUTO_STOP}`);
  }
  if (timeout.isUnresolved()) return;
  const minutes = timeout.toMinutes({ integral: false });
  if (minutes <= 0 || minutes % 60 !== 0) {
    invalid(scope, 'autoStopTimeout', shown, 'a positive multiple of 60 minutes (Duration.hours(1), Duration.hours(2), ...)');
  }
}

/** Adds a synth-time check that `count()` stays at or below `max` (for lists that grow after construction). */
export function validateCount(scope: IConstruct, what: string, count: () => number, max: number): void {
  scope.node.addValidation({
    validate: () => (count() > max ? [problem(what, count(), `at most ${max}`)] : []),
  });
}

/** Tags the service accepts per resource. */
const MAX_TAGS = 50;
/** Tags the handlers may add (owner, request; a WorkSpace also previous and step). */
const RESERVED_TAGS = 4;

/**
 * Adds a synth-time check of the tags (they are added after construction by `Tags.of()`):
 * count, key 1-127 characters, value at most 255 characters (the API's `TagValue`), no `aws:`
 * prefix. On custom resources, the library's own `cdk-workspaces:` tags are reserved too.
 */
export function validateTags(scope: IConstruct, tags: TagManager, customResource: boolean): void {
  scope.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      const entries = Object.entries(tags.tagValues());
      const max = customResource ? MAX_TAGS - RESERVED_TAGS : MAX_TAGS;
      if (entries.length > max) {
        const why = customResource ? ` (the service allows ${MAX_TAGS}; ${RESERVED_TAGS} are used by cdk-workspaces)` : '';
        errors.push(problem('number of tags', entries.length, `at most ${max}${why}`));
      }
      for (const [key, value] of entries) {
        if (Token.isUnresolved(key)) continue;
        if (key.length < 1 || key.length > 127) errors.push(problem('tag key', key, '1 to 127 characters'));
        if (key.toLowerCase().startsWith('aws:')) errors.push(problem('tag key', key, 'a key that does not start with "aws:" (reserved by AWS)'));
        if (customResource && key.startsWith(INTERNAL_TAG_PREFIX)) {
          errors.push(problem('tag key', key, `a key that does not start with "${INTERNAL_TAG_PREFIX}" (reserved by cdk-workspaces)`));
        }
        if (!Token.isUnresolved(value) && value.length > 255) errors.push(problem(`value of tag ${key}`, `${value.length} characters`, 'at most 255 characters'));
      }
      return errors;
    },
  });
}
