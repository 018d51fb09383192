import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import Ajv2020 from 'ajv/dist/2020';
import { configJsonSchema, configJsonSchemaText } from '../cli/reference/json-schema';
import { configReferenceMarkdown } from '../cli/reference/reference';
import { CONFIG_TYPES_FILE, configTypesSource } from '../cli/reference/config-types-source';
import { replaceReference } from '../cli/reference/readme';
import { ROOT, minimalConfig, withField } from './helpers';

describe('JSON Schema and reference, generated from the zod definition', () => {
  test('codecanvas.schema.json is current (run npm run schema)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'codecanvas.schema.json'), 'utf8')).toBe(configJsonSchemaText());
  });

  test('the config reference in docs/configuration.md is current (run npm run schema)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    expect(replaceReference(readme, configReferenceMarkdown())).toBe(readme);
  });

  test('lib/config/config-types.ts (the public config interfaces) is current (run npm run schema)', () => {
    expect(fs.readFileSync(path.join(ROOT, CONFIG_TYPES_FILE), 'utf8')).toBe(configTypesSource());
  });

  test('the generated config interfaces carry the schema: descriptions and defaults as TSDoc, optional only where the input may omit', () => {
    const source = configTypesSource();
    const input = source.slice(source.indexOf('export interface CodeCanvasConfig'), source.indexOf('export interface ResolvedConfig'));
    const resolved = source.slice(source.indexOf('export interface ResolvedConfig'));
    // Required in both; a default makes a field optional as written and present once resolved.
    expect(input).toMatch(/\n  readonly namespace: string;/);
    expect(input).toMatch(/\* Helm release name \(guide: codecanvas\)\.\n\s+\* @default "codecanvas"\n\s+\*\/\n\s+readonly releaseName\?: string;/);
    expect(resolved).toMatch(/readonly releaseName: string;/);
    expect(input).toMatch(/readonly server\?: "production" \| "staging";/);
    expect(input).toMatch(/readonly licenseAgreementAccepted: true;/);
    expect(input).toMatch(/readonly values\?: Record<string, unknown>;/);
    // Self-contained: the public declarations that import it reach no other module (zod least of all).
    expect(source).not.toMatch(/^\s*(import|export .* from)\b/m);
  });

  // Generated in each test (not at describe scope), so mutation testing can attribute the schema code to tests. ajv
  // compiles a given schema text once per file: a compiled validator is a pure function of that text, and a
  // generator that changes the schema gets a validator of its own.
  const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();
  const validator = () => {
    const schema = configJsonSchema();
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (validate === undefined) compiled.set(key, (validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(key))));
    return validate;
  };

  test.each(fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')))(
    'examples/%s passes the JSON Schema and points editors at it',
    (file) => {
      const validate = validator();
      const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../codecanvas.schema.json');
      expect(validate(yaml.load(text))).toBe(true);
    },
  );

  test('the JSON Schema catches what editors should flag', () => {
    const validate = validator();
    expect(validate(minimalConfig())).toBe(true);
    expect(validate(withField(minimalConfig(), 'namespace', 'Bad_Name'))).toBe(false);
    expect(validate(withField(minimalConfig(), 'database.port', 70000))).toBe(false);
    expect(validate(withField(minimalConfig(), 'database.hostname', 'typo'))).toBe(false);
    expect(validate(withField(minimalConfig(), 'licenseAgreementAccepted', false))).toBe(false);
  });
});
