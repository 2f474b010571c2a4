// Jest snapshot serializer: asset hashes change with every handler edit, so mask them.
const HASH = /[0-9a-f]{64}/g;

module.exports = {
  test: (val: unknown) => typeof val === 'string' && /[0-9a-f]{64}/.test(val),
  serialize: (val: string) => JSON.stringify(val.replace(HASH, '[ASSET-HASH]')),
};
