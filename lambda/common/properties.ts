// CloudFormation delivers every custom resource property as a string ("60", "true").
// This is the one place where they become numbers, booleans and lists again, against a schema,
// so that old and new properties are compared after parsing ("60" and 60 are the same value).

export type FieldType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'string[]'
  | { readonly object: Schema }
  | { readonly list: Schema };

export interface Schema {
  readonly [key: string]: FieldType;
}

/** Keys the Provider framework adds to every resource's properties. */
const FRAMEWORK_KEYS = new Set(['ServiceToken']);

export class PropertyError extends Error {
  constructor(path: string, value: unknown, expected: string) {
    super(`Invalid property ${path}: got ${JSON.stringify(value)}; expected ${expected}`);
    this.name = 'PropertyError';
  }
}

/** Parses raw CloudFormation properties into typed ones; unknown keys are an error. */
export function parseProperties<T>(raw: unknown, schema: Schema, required: readonly string[] = []): T {
  const parsed = parseObject(raw ?? {}, schema, '') as Record<string, unknown>;
  for (const key of required) {
    if (parsed[key] === undefined) {
      throw new PropertyError(key, undefined, 'a value (required)');
    }
  }
  return parsed as T;
}

function parseObject(raw: unknown, schema: Schema, path: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PropertyError(path || '(root)', raw, 'an object');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!path && FRAMEWORK_KEYS.has(key)) continue;
    const type = schema[key];
    const at = path ? `${path}.${key}` : key;
    if (type === undefined) {
      throw new PropertyError(at, value, `one of the known properties (${Object.keys(schema).join(', ')})`);
    }
    if (value === undefined || value === null || value === '') continue;
    out[key] = parseValue(value, type, at);
  }
  return out;
}

function parseValue(value: unknown, type: FieldType, path: string): unknown {
  if (type === 'string') {
    if (typeof value !== 'string') throw new PropertyError(path, value, 'a string');
    return value;
  }
  if (type === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) throw new PropertyError(path, value, 'a number');
    return n;
  }
  if (type === 'boolean') {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new PropertyError(path, value, 'true or false');
  }
  if (type === 'string[]') {
    if (!Array.isArray(value)) throw new PropertyError(path, value, 'a list of strings');
    return value.map((v, i) => parseValue(v, 'string', `${path}[${i}]`));
  }
  if ('object' in type) {
    return parseObject(value, type.object, path);
  }
  if (!Array.isArray(value)) throw new PropertyError(path, value, 'a list');
  return value.map((v, i) => parseObject(v, type.list, `${path}[${i}]`));
}

/** Deep equality of parsed property values (objects, lists, scalars). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort()
      .filter(k => (v as Record<string, unknown>)[k] !== undefined)
      .map(k => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}
