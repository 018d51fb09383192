// ajv errors -> the validator's problems (cli/validate/ajv-problems.ts), called with hand-made ajv errors: each
// keyword's exact message and path, deduplication, and the folding of union branches in both layouts ajv reports.
import type { ErrorObject } from 'ajv';
import { ajvProblems } from '../cli/validate/ajv-problems';

const err = (keyword: string, instancePath: string, schemaPath: string, params: Record<string, unknown> = {}, message?: string): ErrorObject =>
  ({ keyword, instancePath, schemaPath, params, ...(message === undefined ? {} : { message }) }) as ErrorObject;
const anyOf = (instancePath: string, schemaPath: string, keyword = 'anyOf') => err(keyword, instancePath, schemaPath, {}, `must match a schema in ${keyword}`);

describe('one message per keyword', () => {
  test.each([
    ['additionalProperties', err('additionalProperties', '/spec', '#/additionalProperties', { additionalProperty: 'a/b~c' }), {
      path: '/spec/a~1b~0c',
      message: 'unknown field "a/b~c" (not in the schema; the API server would reject or silently drop it)',
    }],
    ['required', err('required', '/spec', '#/required', { missingProperty: 'x/y' }), { path: '/spec/x~1y', message: 'is required' }],
    ['enum', err('enum', '/mode', '#/enum', { allowedValues: ['a', 1, null, true] }), { path: '/mode', message: 'must be one of "a", 1, null, true' }],
    ['const', err('const', '/k', '#/const', { allowedValue: 'v' }), { path: '/k', message: 'must be "v"' }],
    ['const number', err('const', '/k', '#/const', { allowedValue: 2 }), { path: '/k', message: 'must be 2' }],
    ['type', err('type', '/n', '#/type', { type: 'string' }), { path: '/n', message: 'must be of type string' }],
    ['type list', err('type', '/n', '#/type', { type: ['integer', 'null'] }), { path: '/n', message: 'must be of type integer or null' }],
    ['type comma list', err('type', '/n', '#/type', { type: 'integer,string' }), { path: '/n', message: 'must be of type integer or string' }],
    ['other, ajv message', err('minimum', '/n', '#/minimum', { limit: 1 }, 'must be >= 1'), { path: '/n', message: 'must be >= 1' }],
    ['other, no message', err('minimum', '/n', '#/minimum', { limit: 1 }), { path: '/n', message: 'fails minimum' }],
  ])('%s', (_, error, problem) => {
    expect(ajvProblems([error])).toEqual([problem]);
  });

  test('no errors, no problems', () => {
    expect(ajvProblems([])).toEqual([]);
  });
});

test('the same path and message once, in the order ajv reported them; different paths or messages each', () => {
  expect(
    ajvProblems([
      err('required', '', '#/required', { missingProperty: 'b' }),
      err('type', '/a', '#/properties/a/type', { type: 'string' }),
      err('required', '', '#/allOf/0/required', { missingProperty: 'b' }),
      err('type', '/c', '#/properties/c/type', { type: 'string' }),
      err('type', '/a', '#/properties/a/type', { type: 'integer' }),
    ]),
  ).toEqual([
    { path: '/b', message: 'is required' },
    { path: '/a', message: 'must be of type string' },
    { path: '/c', message: 'must be of type string' },
    { path: '/a', message: 'must be of type integer' },
  ]);
});

describe('unions (anyOf, oneOf): branches below the union keyword, as ajv reports them', () => {
  test('all branches failed on type: one message with each type once', () => {
    expect(
      ajvProblems([
        err('type', '/port', '#/properties/port/anyOf/0/type', { type: 'integer' }),
        err('type', '/port', '#/properties/port/anyOf/1/type', { type: 'string' }),
        err('type', '/port', '#/properties/port/anyOf/2/type', { type: ['string', 'null'] }),
        anyOf('/port', '#/properties/port/anyOf'),
      ]),
    ).toEqual([{ path: '/port', message: 'must be of type integer or string or null' }]);
  });

  test('mixed keywords: each branch message once, joined with "; or "', () => {
    expect(
      ajvProblems([
        err('type', '/q', '#/properties/q/oneOf/0/type', { type: 'integer' }),
        err('minLength', '/q', '#/properties/q/oneOf/1/minLength', { limit: 3 }, 'must NOT have fewer than 3 characters'),
        err('minLength', '/q', '#/properties/q/oneOf/2/minLength', { limit: 3 }, 'must NOT have fewer than 3 characters'),
        anyOf('/q', '#/properties/q/oneOf', 'oneOf'),
      ]),
    ).toEqual([{ path: '/q', message: 'must satisfy one of: must be of type integer; or must NOT have fewer than 3 characters' }]);
  });

  test('the branches are those below the union, not every error before it at that place', () => {
    expect(
      ajvProblems([
        err('enum', '/p', '#/properties/p/enum', { allowedValues: ['x'] }),
        err('type', '/p', '#/properties/p/anyOf/0/type', { type: 'integer' }),
        err('type', '/p', '#/properties/p/anyOf/1/type', { type: 'boolean' }),
        anyOf('/p', '#/properties/p/anyOf'),
      ]),
    ).toEqual([
      { path: '/p', message: 'must be one of "x"' },
      { path: '/p', message: 'must be of type integer or boolean' },
    ]);
  });

  test('a schema path that only starts like the union (anyOf10) is not its branch', () => {
    expect(
      ajvProblems([
        anyOf('/a', '#/anyOf'),
        err('type', '/a', '#/anyOf10/type', { type: 'string' }),
      ]),
    ).toEqual([
      { path: '/a', message: 'must match a schema in anyOf' },
      { path: '/a', message: 'must be of type string' },
    ]);
  });

  test('a branch that failed deeper inside the value: no folding, every error as it is', () => {
    expect(
      ajvProblems([
        err('type', '/x', '#/properties/x/anyOf/0/type', { type: 'string' }),
        err('required', '/x', '#/properties/x/anyOf/1/required', { missingProperty: 'name' }),
        err('type', '/x/name', '#/properties/x/anyOf/1/properties/name/type', { type: 'string' }),
        anyOf('/x', '#/properties/x/anyOf'),
      ]),
    ).toEqual([
      { path: '/x', message: 'must be of type string' },
      { path: '/x/name', message: 'is required' },
      { path: '/x/name', message: 'must be of type string' },
      { path: '/x', message: 'must match a schema in anyOf' },
    ]);
  });

  test('other errors around a union keep their places', () => {
    expect(
      ajvProblems([
        err('required', '', '#/required', { missingProperty: 'kind' }),
        err('type', '/p', '#/properties/p/anyOf/0/type', { type: 'integer' }),
        err('type', '/p', '#/properties/p/anyOf/1/type', { type: 'string' }),
        anyOf('/p', '#/properties/p/anyOf'),
        err('enum', '/m', '#/properties/m/enum', { allowedValues: ['x'] }),
      ]),
    ).toEqual([
      { path: '/kind', message: 'is required' },
      { path: '/p', message: 'must be of type integer or string' },
      { path: '/m', message: 'must be one of "x"' },
    ]);
  });
});

describe('unions as kubernetes-models reports them: branch paths relative to the branch, just before the union', () => {
  test('the run of errors at the same place just before the union, from the first error on', () => {
    expect(
      ajvProblems([
        err('type', '/spec/port', '#/type', { type: 'integer' }),
        err('type', '/spec/port', '#/type', { type: 'string' }),
        anyOf('/spec/port', '#/properties/port/anyOf'),
      ]),
    ).toEqual([{ path: '/spec/port', message: 'must be of type integer or string' }]);
  });

  test('the run stops at an error elsewhere', () => {
    expect(
      ajvProblems([
        err('type', '/spec/other', '#/type', { type: 'boolean' }),
        err('type', '/spec/port', '#/type', { type: 'integer' }),
        err('pattern', '/spec/port', '#/pattern', { pattern: '^x$' }, 'must match pattern "^x$"'),
        anyOf('/spec/port', '#/properties/port/anyOf'),
      ]),
    ).toEqual([
      { path: '/spec/other', message: 'must be of type boolean' },
      { path: '/spec/port', message: 'must satisfy one of: must be of type integer; or must match pattern "^x$"' },
    ]);
  });

  test('two unions in a row at one place: the second takes only the errors after the first', () => {
    expect(
      ajvProblems([
        err('type', '/v', '#/type', { type: 'integer' }),
        anyOf('/v', '#/properties/v/anyOf'),
        err('type', '/v', '#/type', { type: 'boolean' }),
        anyOf('/v', '#/properties/v/oneOf', 'oneOf'),
      ]),
    ).toEqual([
      { path: '/v', message: 'must be of type integer' },
      { path: '/v', message: 'must be of type boolean' },
    ]);
  });

  test('a union with no error before it at its place is reported as ajv says', () => {
    expect(ajvProblems([err('type', '/a', '#/type', { type: 'string' }), anyOf('/b', '#/anyOf')])).toEqual([
      { path: '/a', message: 'must be of type string' },
      { path: '/b', message: 'must match a schema in anyOf' },
    ]);
    expect(ajvProblems([anyOf('/b', '#/anyOf')])).toEqual([{ path: '/b', message: 'must match a schema in anyOf' }]);
  });

  test('a nested union just before is not taken as a branch', () => {
    expect(
      ajvProblems([
        err('type', '/w', '#/type', { type: 'integer' }),
        anyOf('/w', '#/anyOf'),
        anyOf('/w', '#/properties/w/oneOf', 'oneOf'),
      ]),
    ).toEqual([
      { path: '/w', message: 'must be of type integer' },
      { path: '/w', message: 'must match a schema in oneOf' },
    ]);
    expect(
      ajvProblems([
        err('type', '/w', '#/type', { type: 'integer' }),
        anyOf('/w', '#/oneOf', 'oneOf'),
        anyOf('/w', '#/properties/w/anyOf'),
      ]),
    ).toEqual([
      { path: '/w', message: 'must be of type integer' },
      { path: '/w', message: 'must match a schema in anyOf' },
    ]);
  });
});
