// The translation of a CRD's structural schema into the JSON schema ajv checks manifests with, and the slicing of a
// schema down to the values at hand: exact results for each Kubernetes extension and keyword.
import { crdAjv, sliceSchema, toAjvSchema } from '../cli/validate/crd-schema';

describe('toAjvSchema', () => {
  test('structural object nodes get additionalProperties: false; the rest keeps its keywords', () => {
    expect(
      toAjvSchema({
        type: 'object',
        description: 'dropped',
        externalDocs: { url: 'https://example.com/dropped' },
        'x-kubernetes-validations': [{ rule: 'dropped' }],
        properties: {
          metadata: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
          spec: {
            type: 'object',
            required: ['a', 'b'],
            properties: {
              a: { type: 'string', default: 'x' },
              b: { type: 'string', pattern: '^[a-z]+$', example: 'dropped' },
              re2: { type: 'string', pattern: '(?P<name>x)' },
              list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
              tuple: { type: 'array', items: [{ type: 'string' }, { type: 'object' }] },
              open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
              closed: { type: 'object', additionalProperties: true },
              either: { anyOf: [{ type: 'object', properties: { x: { type: 'string' } } }, { type: 'string' }] },
              neither: { not: { type: 'object', properties: { y: { type: 'string' } } } },
              port: { 'x-kubernetes-int-or-string': true, type: 'string' },
              portUnion: { 'x-kubernetes-int-or-string': true, type: 'string', anyOf: [{ type: 'integer' }, { type: 'string' }] },
              portOneOf: { 'x-kubernetes-int-or-string': true, oneOf: [{ type: 'integer' }] },
              embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true, required: ['kind'] },
              embeddedOwn: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { kind: { type: 'string', enum: ['A'] } } },
              maybe: { type: 'string', nullable: true, enum: ['a'] },
              maybeMany: { type: ['string', 'integer'], nullable: true },
              maybeNull: { type: ['string', 'null'], nullable: true, enum: ['a', null] },
            },
          },
        },
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        // Root metadata stays open: it is checked as ObjectMeta on its own.
        metadata: { type: 'object', properties: { name: { type: 'string' } } },
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        spec: {
          type: 'object',
          additionalProperties: false,
          // A required property with a default is never missing: the API server fills it in first.
          required: ['b'],
          properties: {
            a: { type: 'string', default: 'x' },
            b: { type: 'string', pattern: '^[a-z]+$' },
            // An RE2-only pattern is left to the API server.
            re2: { type: 'string' },
            list: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { n: { type: 'integer' } } } },
            tuple: { type: 'array', items: [{ type: 'string' }, { type: 'object', additionalProperties: false }] },
            open: { type: 'object' },
            map: { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: { v: { type: 'string' } } } },
            closed: { type: 'object', additionalProperties: true },
            // Inside anyOf and not, objects stay open: those are value validations, not the structure.
            either: { anyOf: [{ type: 'object', properties: { x: { type: 'string' } } }, { type: 'string' }] },
            neither: { not: { type: 'object', properties: { y: { type: 'string' } } } },
            port: { type: ['integer', 'string'] },
            portUnion: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
            portOneOf: { oneOf: [{ type: 'integer' }] },
            embedded: {
              type: 'object',
              required: ['kind', 'apiVersion'],
              properties: { apiVersion: { type: 'string', minLength: 1 }, kind: { type: 'string', minLength: 1 }, metadata: { type: 'object' } },
            },
            embeddedOwn: {
              type: 'object',
              additionalProperties: false,
              required: ['apiVersion', 'kind'],
              properties: { kind: { type: 'string', enum: ['A'] }, apiVersion: { type: 'string', minLength: 1 }, metadata: { type: 'object' } },
            },
            maybe: { type: ['string', 'null'], enum: ['a', null] },
            maybeMany: { type: ['string', 'integer', 'null'] },
            maybeNull: { type: ['string', 'null'], enum: ['a', null] },
          },
        },
      },
    });
  });

  test('a root without properties is left as it is; root metadata that is not an object becomes an open object', () => {
    expect(toAjvSchema({ type: 'string' })).toEqual({ type: 'string' });
    expect(toAjvSchema({ type: 'object', properties: { metadata: true, kind: { type: 'string', enum: ['K'] } } })).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { metadata: { type: 'object' }, kind: { type: 'string', enum: ['K'] }, apiVersion: { type: 'string' } },
    });
  });

  test('union branches and not are translated too (their descriptions and CEL rules dropped, objects left open)', () => {
    expect(
      toAjvSchema({
        type: 'string',
        oneOf: [{ type: 'string', description: 'd', 'x-kubernetes-validations': [{ rule: 'r' }] }],
        allOf: [{ type: 'object', properties: { a: { type: 'string', example: 'e' } } }],
        not: { type: 'string', description: 'd', enum: ['x'] },
      }),
    ).toEqual({
      type: 'string',
      oneOf: [{ type: 'string' }],
      allOf: [{ type: 'object', properties: { a: { type: 'string' } } }],
      not: { type: 'string', enum: ['x'] },
    });
  });

  test('a pattern that is not a string is kept as it is (not tried as a regular expression)', () => {
    expect(toAjvSchema({ type: 'string', pattern: ['('] })).toEqual({ type: 'string', pattern: ['('] });
  });

  test('a union keyword that is not a list is kept as it is (not translated)', () => {
    expect(toAjvSchema({ type: 'string', anyOf: 'x', allOf: { type: 'object' } })).toEqual({ type: 'string', anyOf: 'x', allOf: { type: 'object' } });
  });

  test('an object root without properties still allows apiVersion, kind and metadata (and nothing else)', () => {
    expect(toAjvSchema({ type: 'object' })).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { metadata: { type: 'object' }, apiVersion: { type: 'string' }, kind: { type: 'string' } },
    });
  });
});

describe('sliceSchema', () => {
  const schema = {
    type: 'object',
    properties: {
      a: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } } },
      b: { type: 'string' },
      list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' }, m: { type: 'integer' } } } },
    },
    additionalProperties: { type: 'object', properties: { v: { type: 'string' }, w: { type: 'string' } } },
    anyOf: [{ properties: { a: { type: 'object' }, b: { type: 'string' } } }],
    not: { properties: { b: { const: 'no' }, list: { type: 'null' } } },
  };

  test('keeps what the values reach, and empties the rest (names kept)', () => {
    expect(sliceSchema(schema, [{ a: { x: '1' }, list: [{ n: 1 }] }, { extra: { v: 'z' } }, 'not an object'])).toEqual({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { x: { type: 'string' }, y: {} } },
        b: {},
        list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' }, m: {} } } },
      },
      additionalProperties: { type: 'object', properties: { v: { type: 'string' }, w: {} } },
      anyOf: [{ properties: { a: { type: 'object' }, b: {} } }],
      not: { properties: { b: {}, list: { type: 'null' } } },
    });
  });

  test('no values at all: every branch emptied', () => {
    expect(sliceSchema(schema, [])).toEqual({
      ...schema,
      properties: { a: {}, b: {}, list: {} },
      additionalProperties: {},
      anyOf: [{ properties: { a: {}, b: {} } }],
      not: { properties: { b: {}, list: {} } },
    });
    expect(sliceSchema(true, [1])).toBe(true);
  });

  test('a schema without those keywords gets none of them', () => {
    expect(Object.keys(sliceSchema({ type: 'string', minLength: 1 }, ['x']))).toEqual(['type', 'minLength']);
  });

  test('items when the arrays are empty, additionalProperties when every key is declared: emptied', () => {
    const items = { type: 'object', properties: { n: { type: 'integer' } } };
    expect(sliceSchema({ type: 'array', items }, [[], 'no array'])).toEqual({ type: 'array', items: {} });
    expect(sliceSchema({ type: 'array', items }, [[{ n: 1 }]])).toEqual({ type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } });
    const extra = { type: 'object', properties: { v: { type: 'string' } } };
    expect(sliceSchema({ properties: { a: { type: 'string' } }, additionalProperties: extra }, [{ a: 'x' }])).toEqual({
      properties: { a: { type: 'string' } },
      additionalProperties: {},
    });
    expect(sliceSchema({ properties: { a: { type: 'string' } }, additionalProperties: extra }, [{ a: 'x', b: {} }])).toEqual({
      properties: { a: { type: 'string' } },
      additionalProperties: { type: 'object', properties: { v: {} } },
    });
  });
});

// crdAjv builds its instance once, so the test that first calls it in a file is the one that exercises its set-up:
// this file's only call checks every option and added format in one test.
test('crdAjv: lenient to unknown keywords, every error, RE2 escapes, and the API server formats at their bounds', () => {
  const ajv = crdAjv();
  expect(ajv.validate({ type: 'string', 'x-unknown': 1 }, 'x')).toBe(true);
  const validate = ajv.compile({ properties: { a: { type: 'string' }, b: { type: 'string', pattern: '^a\\_$' } } });
  expect(validate({ a: 1, b: 'x' })).toBe(false);
  expect(validate.errors!.map((e) => e.instancePath)).toEqual(['/a', '/b']);
  const cases: Array<[string, string, boolean]> = [
    ['duration', '.25s', true],
    ['duration', '1.h', true],
    ['quantity', '12.5', true],
    ['quantity', '.25', true],
    ['quantity', '1e10', true],
    ['quantity', '1Mix', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '10.0.0.0/24', true],
    ['cidr', '10.0.0.0/123', true],
    ['cidr', '10.0.0.0/1234', false],
    ['cidr', '10.0.0.0/ab', false],
    ['cidr', 'x10.0.0.0/8', false],
    ['cidr', '10.0.0.0/8x', false],
    ['mac', '00:11:22:aa:BB:ff', true],
    ['mac', '00-11-22-33-44-55', true],
    ['mac', '0:1:2:3:4:55', false],
    ['mac', '00:11:22:33:44:5', false],
    ['mac', '00:11', false],
    ['mac', 'x00:11:22:33:44:55', false],
    ['mac', '00:11:22:33:44:55x', false],
    ['mac', '00x11x22x33x44x55', false],
    ['bsonobjectid', '0123456789abcdefABCDEF01', true],
    ['bsonobjectid', '0', false],
    ['bsonobjectid', 'x0123456789abcdefABCDEF01', false],
    ['bsonobjectid', '0123456789abcdefABCDEF01x', false],
    ['datetime', '2024-01-02T03:04:05Z', true],
    ['datetime', '2024-01-02', false],
    ['byte', 'QUJD', true],
    ['byte', 'QUJD\n!!', false],
  ];
  expect(cases.filter(([format, value, ok]) => ajv.validate({ type: 'string', format }, value) !== ok)).toEqual([]);
});
