// Equal work done once (issue 25): a key text is parsed once, a config validated by parseConfig is not validated
// again when it comes back unchanged, and applySyncWaves reads plain annotations without rendering metadata.
// These tests pin the behaviour those shortcuts must keep (no timing is asserted).
import * as crypto from 'crypto';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, parseConfig } from '../lib/config/load';
import { configSchema } from '../lib/config/schema';
import { publicKeyProblem } from '../lib/config/secret-rules';
import { applySyncWaves, SYNC_WAVE_ANNOTATION } from '../lib/constructs/sync-wave';
import { devClusterNamed } from '../lib/charts/cluster-ingress';
import { exampleConfig, ROOT } from './helpers';

const P256 = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const P384 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('publicKeyProblem parses each key text once and answers the same every time', () => {
  test('a P-256 key passes, a P-384 key and a corrupted one are refused, on every call', () => {
    const corrupted = P256.replace(/[A-Za-z]{4}\n-----END/, 'AAAA\n-----END').replace('MFkw', 'MFkx');
    for (let i = 0; i < 3; i++) {
      expect(publicKeyProblem(P256, 'ec-prime256v1')).toBeUndefined();
      expect(publicKeyProblem(P384, 'ec-prime256v1')).toMatch(/on curve secp384r1/);
      expect(publicKeyProblem(corrupted, 'ec-prime256v1')).toMatch(/cannot parse it/);
    }
  });
});

describe('parseConfig validates a config once', () => {
  const file = path.join(ROOT, 'examples', 'aks.yaml');

  test.each(['aks.yaml', 'three-clusters.yaml', 'kubectl-helm.yaml', 'flux-sealed-secrets.yaml'])(
    'validating the resolved %s again gives it back unchanged (what the shortcut returns instead)',
    (name) => {
      const resolved = loadConfigFile(path.join(ROOT, 'examples', name)).config;
      expect(configSchema.parse(resolved)).toEqual(resolved);
    },
  );

  test('its own result comes back as an equal, separate object', () => {
    const resolved = loadConfigFile(file).config;
    const again = parseConfig(resolved);
    expect(again).toEqual(resolved);
    expect(again).not.toBe(resolved);
    expect(again.devEnvironmentClusters[0]).not.toBe(resolved.devEnvironmentClusters[0]);
  });

  test('a result changed after validation is validated again, and every broken rule is reported', () => {
    const resolved = loadConfigFile(file).config;
    parseConfig(resolved);
    (resolved as any).devEnvironmentClusters.push({ ...resolved.devEnvironmentClusters[0] });
    (resolved as any).domain = 'not a domain';
    let error: unknown;
    try {
      parseConfig(resolved, 'changed.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const paths = (error as ConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['domain', 'devEnvironmentClusters[1].name']));
  });

  test('a raw config object is validated on every call', () => {
    const raw = exampleConfig();
    expect(parseConfig(raw)).toEqual(parseConfig(raw));
    raw.namespace = 'Not_A_Label';
    expect(() => parseConfig(raw)).toThrow(/namespace/);
  });

  test('a valid config is parsed once: the pass that checks it gives the result', () => {
    const safeParse = jest.spyOn(configSchema, 'safeParse');
    const parse = jest.spyOn(configSchema, 'parse');
    try {
      expect(loadConfigFile(file).config.namespace).toBe('codecanvas');
      expect(safeParse).toHaveBeenCalledTimes(1);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      safeParse.mockRestore();
      parse.mockRestore();
    }
  });

  test('an unchanged result (and the copy it comes back as) is not validated again; any other object is', () => {
    const resolved = loadConfigFile(file).config;
    const safeParse = jest.spyOn(configSchema, 'safeParse');
    const validations = (f: () => unknown): number => {
      safeParse.mockClear();
      f();
      return safeParse.mock.calls.length;
    };
    try {
      let again: unknown;
      expect(validations(() => (again = parseConfig(resolved)))).toBe(0);
      expect(validations(() => parseConfig(again))).toBe(0);
      // An equal object that parseConfig did not return, a result changed and changed back (its own text again).
      expect(validations(() => parseConfig(JSON.parse(JSON.stringify(resolved))))).toBe(1);
      // Without the output rules nothing is taken as validated, nor remembered as validated with every rule.
      let partial: unknown;
      expect(validations(() => (partial = parseConfig(resolved, 'config', { outputRules: false })))).toBe(1);
      expect(validations(() => parseConfig(partial))).toBe(1);
      // A value that is not plain JSON (a class instance, a function, undefined) in chart values: its JSON text would
      // not say everything about it, so such a result is never taken as validated. A mapping without a prototype is.
      const withValue = (value: unknown) => parseConfig({ ...exampleConfig(), application: { ...exampleConfig().application, values: { value } } });
      for (const odd of [new (class Odd {})(), () => 1, undefined, [1, undefined], { a: { b: () => 1 } }]) {
        const withOdd = withValue(odd);
        expect(validations(() => parseConfig(withOdd))).toBe(1);
      }
      const bare = withValue(Object.assign(Object.create(null), { a: [1, 'b', true, null] }));
      expect(validations(() => parseConfig(bare))).toBe(0);
    } finally {
      safeParse.mockRestore();
    }
  });

  test('a result changed to a value whose JSON text is that of what it replaced is validated again', () => {
    const resolved = parseConfig({ ...exampleConfig(), application: { ...exampleConfig().application, values: { a: null } } });
    // NaN is written as null in JSON text, and the config refuses it.
    (resolved as any).application.values.a = NaN;
    expect(() => parseConfig(resolved)).toThrow(/application\.values\.a: .*finite number/);
  });

  test('a result changed to nest far too deeply gets the config error, not a stack overflow', () => {
    const resolved = loadConfigFile(file).config;
    parseConfig(resolved);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { deep };
    (resolved as any).application.values = { deep };
    expect(() => parseConfig(resolved)).toThrow(/nests mappings and lists too deeply to be a config/);
  });

  test('a config holding a value that is not plain JSON is validated again', () => {
    const resolved = loadConfigFile(file).config;
    parseConfig(resolved);
    // JSON text would drop the undefined field; the strict schema refuses an unknown one.
    (resolved as any).unknownField = undefined;
    expect(() => parseConfig(resolved)).toThrow(/unknownField/);
  });
});

describe('applySyncWaves', () => {
  function objectWith(annotation: unknown): ApiObject {
    const chart = new Chart(new App(), 'c');
    const obj = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' } });
    if (annotation !== undefined) obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, annotation as string);
    applySyncWaves(chart, { ConfigMap: 7 });
    return obj;
  }
  const wave = (obj: ApiObject) => obj.toJson().metadata.annotations?.[SYNC_WAVE_ANNOTATION];

  test.each([
    ['no annotation', undefined, '7'],
    ['a text annotation', '3', '3'],
    ['a Lazy that renders a text', Lazy.any({ produce: () => '4' }), '4'],
    ['a Lazy that renders nothing', Lazy.any({ produce: () => undefined }), '7'],
    ['null', null, '7'],
  ])('%s: the wave in the output is right', (_label, annotation, expected) => {
    expect(wave(objectWith(annotation))).toBe(expected);
  });
});

describe('devClusterNamed looks a cluster up by name as find does, from an index', () => {
  test('the same answer as find, also after the list changes', () => {
    const config = loadConfigFile(path.join(ROOT, 'examples', 'three-clusters.yaml')).config;
    const list = config.devEnvironmentClusters as any[];
    const agrees = () => {
      for (const name of [...list.map((c) => c.name), 'application', 'nowhere']) {
        expect(devClusterNamed(config, name)).toBe(list.find((c) => c.name === name));
      }
    };
    agrees();
    list.push({ ...list[0], name: 'added' });
    agrees();
    list[0] = { ...list[0], name: 'renamed' };
    agrees();
    list.splice(0, 1);
    agrees();
  });
});
