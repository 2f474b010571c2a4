import { parseProperties, PropertyError, sameValue, Schema } from '../../../lambda/common/properties';

const SCHEMA: Schema = {
  Name: 'string',
  Size: 'number',
  Enabled: 'boolean',
  Ids: 'string[]',
  Nested: { object: { Timeout: 'number', Mode: 'string' } },
  Tags: { list: { Key: 'string', Value: 'string' } },
};

describe('parseProperties', () => {
  test('turns CloudFormation strings back into numbers, booleans, lists and nested objects', () => {
    expect(parseProperties({
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      Name: 'x',
      Size: '80',
      Enabled: 'false',
      Ids: ['a', 'b'],
      Nested: { Timeout: '60', Mode: 'AUTO_STOP' },
      Tags: [{ Key: 'k', Value: 'v' }],
    }, SCHEMA)).toEqual({
      Name: 'x', Size: 80, Enabled: false, Ids: ['a', 'b'], Nested: { Timeout: 60, Mode: 'AUTO_STOP' }, Tags: [{ Key: 'k', Value: 'v' }],
    });
  });

  test('accepts values that are already typed', () => {
    expect(parseProperties({ Size: 80, Enabled: true }, SCHEMA)).toEqual({ Size: 80, Enabled: true });
  });

  test('drops empty strings and nulls (an unset optional property)', () => {
    expect(parseProperties({ Name: '', Size: null, Nested: { Timeout: '' } }, SCHEMA)).toEqual({ Nested: {} });
  });

  test.each([
    [{ Size: '80GiB' }, 'Invalid property Size: got "80GiB"; expected a number'],
    [{ Size: ' ' }, 'Invalid property Size: got " "; expected a number'],
    [{ Enabled: 'yes' }, 'Invalid property Enabled: got "yes"; expected true or false'],
    [{ Ids: 'a' }, 'Invalid property Ids: got "a"; expected a list of strings'],
    [{ Ids: ['a', 1] }, 'Invalid property Ids[1]: got 1; expected a string'],
    [{ Nested: 'x' }, 'Invalid property Nested: got "x"; expected an object'],
    [{ Nested: { Other: '1' } }, 'Invalid property Nested.Other: got "1"; expected one of the known properties (Timeout, Mode)'],
    [{ Tags: [{ Key: 'k', Value: 'v', Extra: 'x' }] }, 'Invalid property Tags[0].Extra: got "x"; expected one of the known properties (Key, Value)'],
    [{ Colour: 'blue' }, 'Invalid property Colour: got "blue"; expected one of the known properties'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseProperties(raw, SCHEMA)).toThrow(PropertyError);
    expect(() => parseProperties(raw, SCHEMA)).toThrow(message);
  });

  test('required properties must be present after parsing', () => {
    expect(() => parseProperties({ Name: '' }, SCHEMA, ['Name'])).toThrow('Invalid property Name: got undefined; expected a value (required)');
    expect(parseProperties({ Name: 'n' }, SCHEMA, ['Name'])).toEqual({ Name: 'n' });
  });
});

describe('sameValue', () => {
  test('compares parsed values deeply, ignoring key order and undefined members', () => {
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1, d: undefined })).toBe(true);
    expect(sameValue(parseProperties({ Size: '60' }, SCHEMA), parseProperties({ Size: 60 }, SCHEMA))).toBe(true);
  });

  test('sees a change in a nested value or in list order', () => {
    expect(sameValue({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    expect(sameValue({ l: [1, 2] }, { l: [2, 1] })).toBe(false);
  });
});
