// Checks a request against the WorkSpaces API model, the way the service does before it looks at
// any state: a malformed request fails with ValidationException, naming the first problem.
//
// test/fixtures/workspaces-shapes.json is the service's published API model (2015-04-08) reduced
// to `operations` (name, input, output, error names) and `shapes` without documentation. It was
// generated from the reference copy of the model, from the repository root, with:
//
//   node -e 'const m=require("../shared/reference/workspaces-api-model.json");const strip=o=>Array.isArray(o)?o.map(strip):o&&typeof o=="object"?Object.fromEntries(Object.entries(o).filter(([k])=>k!=="documentation").map(([k,v])=>[k,strip(v)])):o;const operations=Object.fromEntries(Object.entries(m.operations).map(([n,o])=>[n,{name:o.name,input:o.input&&o.input.shape,output:o.output&&o.output.shape,errors:(o.errors||[]).map(e=>e.shape)}]));require("fs").writeFileSync("test/fixtures/workspaces-shapes.json",JSON.stringify({operations,shapes:strip(m.shapes)},null,1)+"\n")'
//
// Re-run it when the SDK (and so the API model) is upgraded. Nothing at test time reads ../shared.
import { readFileSync } from 'fs';
import { join } from 'path';
import { ValidationException } from '@aws-sdk/client-workspaces';

export interface ApiOperation {
  readonly name: string;
  readonly input?: string;
  readonly output?: string;
  readonly errors: string[];
}

export interface ApiShape {
  readonly type: string;
  readonly members?: Record<string, { shape: string }>;
  readonly required?: string[];
  readonly member?: { shape: string };
  readonly key?: { shape: string };
  readonly value?: { shape: string };
  readonly enum?: string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly union?: boolean;
  readonly exception?: boolean;
}

export interface ApiModel {
  readonly operations: Record<string, ApiOperation>;
  readonly shapes: Record<string, ApiShape>;
}

/** The API model (operations and shapes), loaded once. */
export const API_MODEL: ApiModel = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'workspaces-shapes.json'), 'utf-8'));

/** The error shapes an operation declares (its `errors` list in the API model). */
export function modelledErrors(operation: string): string[] {
  return API_MODEL.operations[operation]?.errors ?? [];
}

// Patterns follow Smithy semantics: they are NOT implicitly anchored (a pattern such as
// `wsipg-[0-9a-z]{8,63}$` matches any value that ends like that), so they are used with
// RegExp#test as written, never wrapped in ^…$. No `u` flag: some patterns use identity escapes
// such as `\_` and `\:` that unicode mode rejects. Each is compiled once.
const PATTERNS = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = PATTERNS.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    PATTERNS.set(pattern, re);
  }
  return re;
}

class Problem extends Error {}

function fail(path: string, value: unknown, rule: string): never {
  let shown: string;
  try {
    shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (shown.length > 120) shown = `${shown.slice(0, 117)}...`;
  throw new Problem(`1 validation error detected: Value '${shown}' at '${path}' failed to satisfy constraint: ${rule}`);
}

function isAbsent(value: unknown): boolean {
  // The SDK's serializers drop undefined and null members, so the service never sees them.
  return value === undefined || value === null;
}

function checkRange(path: string, value: unknown, size: number, shape: ApiShape, what: string): void {
  if (shape.min !== undefined && size < shape.min) fail(path, value, `Member must have ${what} greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) fail(path, value, `Member must have ${what} less than or equal to ${shape.max}`);
}

function check(shapeName: string, value: unknown, path: string): void {
  const shape = API_MODEL.shapes[shapeName];
  if (!shape) throw new Error(`API model has no shape ${shapeName}`);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
        fail(path, value, 'Member must be a structure');
      }
      const record = value as Record<string, unknown>;
      const prefix = path ? `${path}.` : '';
      for (const name of Object.keys(record)) {
        if (!shape.members?.[name] && !isAbsent(record[name])) fail(`${prefix}${name}`, record[name], `Member is not part of ${shapeName}`);
      }
      for (const name of shape.required ?? []) {
        if (isAbsent(record[name])) fail(`${prefix}${name}`, null, 'Member must not be null');
      }
      const present = Object.keys(shape.members ?? {}).filter(name => !isAbsent(record[name]));
      if (shape.union && present.length !== 1) fail(path || shapeName, value, 'Exactly one member of the union must be set');
      for (const name of present) check(shape.members![name].shape, record[name], `${prefix}${name}`);
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) fail(path, value, 'Member must be a list');
      checkRange(path, value, value.length, shape, 'length');
      value.forEach((item, i) => {
        if (isAbsent(item)) fail(`${path}[${i}]`, item, 'Member must not be null');
        check(shape.member!.shape, item, `${path}[${i}]`);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) fail(path, value, 'Member must be a map');
      const entries = Object.entries(value as Record<string, unknown>);
      checkRange(path, value, entries.length, shape, 'length');
      for (const [k, v] of entries) {
        check(shape.key!.shape, k, `${path}.key(${k})`);
        check(shape.value!.shape, v, `${path}.${k}`);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') fail(path, value, 'Member must be a string');
      if (shape.enum && !shape.enum.includes(value)) fail(path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      checkRange(path, value, [...value].length, shape, 'length');
      if (shape.pattern && !compiled(shape.pattern).test(value)) fail(path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, value, 'Member must be an integer');
      if (shape.min !== undefined && value < shape.min) fail(path, value, `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(path, value, `Member must have value less than or equal to ${shape.max}`);
      return;
    }
    case 'float':
    case 'double':
      if (typeof value !== 'number' || Number.isNaN(value)) fail(path, value, 'Member must be a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(path, value, 'Member must be a boolean');
      return;
    case 'blob': {
      if (!(value instanceof Uint8Array) && typeof value !== 'string') fail(path, value, 'Member must be a blob');
      const size = typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
      checkRange(path, '<blob>', size, shape, 'length');
      return;
    }
    case 'timestamp':
      if (!(value instanceof Date) && typeof value !== 'number') fail(path, value, 'Member must be a timestamp');
      return;
    default:
      throw new Error(`API model shape ${shapeName} has unsupported type ${shape.type}`);
  }
}

/** A ValidationException as the SDK raises it for the service's answer. */
export function validationError(message: string): ValidationException {
  return new ValidationException({ message, $metadata: {} });
}

/**
 * Throws ValidationException (`$fault: 'client'`) describing the first way `input` breaks the
 * API model of `operation`: unknown operation, unknown member, missing required member, wrong
 * type, enum, length, pattern, list size or integer range.
 */
export function validateRequest(operation: string, input: unknown): void {
  const op = Object.prototype.hasOwnProperty.call(API_MODEL.operations, operation) ? API_MODEL.operations[operation] : undefined;
  if (!op) throw validationError(`Unknown operation ${operation}: it is not part of the WorkSpaces API`);
  if (!op.input) {
    if (!isAbsent(input) && Object.keys(input as object).length > 0) throw validationError(`${operation} takes no input`);
    return;
  }
  try {
    check(op.input, input ?? {}, '');
  } catch (e) {
    if (e instanceof Problem) throw validationError(`${operation}: ${e.message}`);
    throw e;
  }
}
