// The generator of lib/config/config-types.ts on schemas other than the config's: the committed file (compared in
// config-schema.test.ts) exercises only the JSON Schema shapes the config uses today, and a new field may bring another.
import { interfaceSource } from '../cli/reference/config-types-source';

const object = (properties: Record<string, object>, extra: object = {}) => ({ type: 'object', properties, ...extra });

describe('interfaceSource: a JSON Schema object as a TypeScript interface', () => {
  test('scalar types, literal values and unions', () => {
    expect(
      interfaceSource(
        'T',
        'Doc.',
        object(
          {
            s: { type: 'string' },
            n: { type: 'number' },
            i: { type: 'integer' },
            b: { type: 'boolean' },
            z: { type: 'null' },
            u: {},
            c: { const: 'on' },
            e: { enum: ['a', 1] },
            o: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          },
          { required: ['s', 'n', 'i', 'b', 'z', 'u', 'c', 'e', 'o'] },
        ),
      ),
    ).toBe(
      [
        '/**',
        ' * Doc.',
        ' */',
        'export interface T {',
        '  readonly s: string;',
        '  readonly n: number;',
        '  readonly i: number;',
        '  readonly b: boolean;',
        '  readonly z: null;',
        '  readonly u: unknown;',
        '  readonly c: "on";',
        '  readonly e: "a" | 1;',
        '  readonly o: string | null;',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('lists: a union item is wrapped in Array<>, a plain or object item gets []', () => {
    const source = interfaceSource(
      'T',
      'Doc.',
      object(
        {
          plain: { type: 'array', items: { type: 'string' } },
          union: { type: 'array', items: { enum: ['a', 'b'] } },
          objects: { type: 'array', items: object({ x: { anyOf: [{ type: 'string' }, { type: 'number' }] } }, { required: ['x'] }) },
          any: { type: 'array' },
        },
        { required: ['plain', 'union', 'objects', 'any'] },
      ),
    );
    expect(source).toContain('  readonly plain: string[];\n');
    expect(source).toContain('  readonly union: Array<"a" | "b">;\n');
    expect(source).toContain('  readonly objects: {\n    readonly x: string | number;\n  }[];\n');
    expect(source).toContain('  readonly any: unknown[];\n');
  });

  test('maps: additionalProperties gives a Record or an index signature; an object without either is an empty Record', () => {
    const source = interfaceSource(
      'T',
      'Doc.',
      object(
        {
          map: { type: 'object', additionalProperties: { type: 'string' } },
          closed: { type: 'object', additionalProperties: false },
          open: { type: 'object' },
          mixed: object({ a: { type: 'string' } }, { required: ['a'], additionalProperties: { type: 'number' } }),
          strict: object({ a: { type: 'string' } }, { required: ['a'], additionalProperties: false }),
        },
        { required: ['map', 'closed', 'open', 'mixed', 'strict'] },
      ),
    );
    expect(source).toContain('  readonly map: Record<string, string>;\n');
    expect(source).toContain('  readonly closed: Record<string, never>;\n');
    expect(source).toContain('  readonly open: Record<string, never>;\n');
    expect(source).toContain('  readonly mixed: {\n    readonly a: string;\n    readonly [key: string]: number;\n  };\n');
    expect(source).toContain('  readonly strict: {\n    readonly a: string;\n  };\n');
  });

  test('TSDoc: description lines, the default, "not set" for an optional field without one, none for a bare required field', () => {
    const source = interfaceSource(
      'T',
      'First line.\nSecond line.',
      object(
        {
          described: { type: 'string', description: 'One.\nTwo, with a */ inside.' },
          defaulted: { type: 'number', default: 3 },
          optional: { type: 'string' },
          bare: { type: 'string' },
        },
        { required: ['described', 'bare'] },
      ),
    );
    expect(source).toBe(
      [
        '/**',
        ' * First line.',
        ' * Second line.',
        ' */',
        'export interface T {',
        '  /**',
        '   * One.',
        '   * Two, with a *\\/ inside.',
        '   */',
        '  readonly described: string;',
        '  /**',
        '   * @default 3',
        '   */',
        '  readonly defaulted?: number;',
        '  /**',
        '   * @default - not set',
        '   */',
        '  readonly optional?: string;',
        '  readonly bare: string;',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a property without a required list is optional; a name that is not an identifier is quoted', () => {
    const source = interfaceSource('T', 'Doc.', object({ ok_1$: { type: 'string', description: 'd' }, 'a-b': { type: 'string', description: 'd' } }));
    expect(source).toContain('  readonly ok_1$?: string;\n');
    expect(source).toContain('  readonly "a-b"?: string;\n');
  });

  test('refuses what it cannot express, naming it', () => {
    expect(() => interfaceSource('T', 'Doc.', { type: 'string' })).toThrow('config-types: the schema of T is not an object');
    expect(() => interfaceSource('T', 'Doc.', object({ f: { type: 'tuple' } }))).toThrow('config-types: no TypeScript type for JSON Schema type tuple');
  });
});
