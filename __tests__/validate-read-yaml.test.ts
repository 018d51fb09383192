// How the validator reads YAML (cli/validate/read-yaml.ts): every document of a stream, the first error of any of
// them, and an empty text as undefined.
import { readYaml, readYamlDocuments } from '../cli/validate/read-yaml';

describe('readYamlDocuments', () => {
  test('the value of each document, empty ones as null', () => {
    expect(readYamlDocuments('a: 1\n---\n- x\n---\n---\n"s"\n')).toEqual([{ a: 1 }, ['x'], null, 's']);
    expect(readYamlDocuments('')).toEqual([]);
  });

  test('an error in any document is thrown, the first of them', () => {
    expect(() => readYamlDocuments('a: 1\n---\nb: [\n')).toThrow(/^Flow sequence in block collection must be sufficiently indented/);
    expect(() => readYamlDocuments('a: 1\na: 2\n---\nb: [\n')).toThrow(/^Map keys must be unique/);
  });
});

describe('readYaml', () => {
  test('the value of one document; nothing at all is undefined', () => {
    expect(readYaml('a: [1, 2]\n')).toEqual({ a: [1, 2] });
    expect(readYaml('0\n')).toBe(0);
    expect(readYaml('false\n')).toBe(false);
    expect(readYaml('')).toBeUndefined();
    expect(readYaml('# only a comment\n')).toBeUndefined();
    expect(readYaml('~\n')).toBeUndefined();
  });

  test('an invalid text is thrown', () => {
    expect(() => readYaml('a: [\n')).toThrow();
  });
});
