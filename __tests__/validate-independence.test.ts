// The manifest validator (cli/validate) checks what the constructs emit, so it must not reuse their rule code:
// a wrong rule in lib/config would otherwise be wrong in both and invisible. These tests pin the validator's own
// name rules to the Kubernetes definitions (k8s.io/apimachinery/pkg/util/validation) and check the import graph.
import * as fs from 'fs';
import * as path from 'path';
import { isRfc1035Label, isRfc1123Label, isRfc1123Subdomain, isStdBase64 } from '../cli/validate/k8s-names';
import { validateManifests } from '../cli/validate/manifest-schemas';
import { checkMetadata, coreScope } from '../cli/validate/metadata';
import { ROOT } from './helpers';

const label = (n: number) => 'a'.repeat(n);

describe('the validator\'s own Kubernetes name rules', () => {
  test('RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters', () => {
    for (const ok of ['a', '0', 'a-b', 'abc123', label(63), '1-2-3']) expect([ok, isRfc1123Label(ok)]).toEqual([ok, true]);
    for (const bad of ['', label(64), 'A', 'a_b', '-a', 'a-', 'a.b', 'ä', 'a b']) expect([bad, isRfc1123Label(bad)]).toEqual([bad, false]);
  });

  test('RFC 1123 subdomain: labels joined by ".", at most 253 characters in all', () => {
    const long = [label(63), label(63), label(63), label(61)].join('.'); // 253
    for (const ok of ['a', 'a.b', 'cert-manager.io', long, label(64)]) expect([ok, isRfc1123Subdomain(ok)]).toEqual([ok, true]);
    for (const bad of ['', `${long}a`, 'a..b', '.a', 'a.', 'A.b', 'a.-b', 'a_b.c']) expect([bad, isRfc1123Subdomain(bad)]).toEqual([bad, false]);
  });

  test('RFC 1035 label: an RFC 1123 label starting with a letter', () => {
    expect(isRfc1035Label('web-1')).toBe(true);
    expect(isRfc1035Label('1web')).toBe(false);
    expect(isRfc1035Label(label(64))).toBe(false);
  });

  test('byte format: padded standard Base64', () => {
    for (const ok of ['', 'AAAA', 'AA==', 'AAA=', 'ab+/']) expect([ok, isStdBase64(ok)]).toEqual([ok, true]);
    for (const bad of ['A', 'AAA', 'A===', '====', 'ab-_', 'AA=A', 'AAAA ']) expect([bad, isStdBase64(bad)]).toEqual([bad, false]);
  });
});

describe('metadata checks use those rules', () => {
  const messages = (doc: object) => validateManifests([doc]).map((p) => `${p.path} ${p.message}`);

  test('a 64-character namespace name is reported, a 63-character one is not', () => {
    expect(messages({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: label(63) } })).toEqual([]);
    expect(messages({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: label(64) } })).toEqual([
      expect.stringMatching(/^\/metadata\/name ".*" must be an RFC 1123 label/),
    ]);
  });

  test('a 254-character StorageClass name is reported, a dotted 253-character one is not', () => {
    const sc = (name: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'disk.csi.azure.com' });
    const long = [label(63), label(63), label(63), label(61)].join('.');
    expect(messages(sc(long))).toEqual([]);
    expect(messages(sc(`${long}a`))).toEqual([expect.stringMatching(/^\/metadata\/name ".*" must be an RFC 1123 subdomain/)]);
  });

  test('a Service name must start with a letter; a namespace value must be a label', () => {
    // The output holds no Service (so validate has no model for one: cli/validate/core-kinds.ts); the metadata rules
    // know the kind all the same.
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'Bad_NS' }, spec: { ports: [{ port: 80 }] } };
    const reported: string[] = [];
    checkMetadata(svc, 'Service', coreScope('', 'Service'), (pointer, message) => reported.push(`${pointer} ${message}`));
    expect(reported).toEqual([
      expect.stringMatching(/^\/metadata\/name "1web" must be an RFC 1035 label/),
      expect.stringMatching(/^\/metadata\/namespace "Bad_NS" must be an RFC 1123 label/),
    ]);
  });
});

test('cli/validate imports no rule code from the code it checks', () => {
  const dir = path.join(ROOT, 'cli', 'validate');
  const imports = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^import (type )?(?:\{([^}]*)\}|\* as \w+|\w+) from '(\.\.\/[^']+)'/gm)].map((m) =>
        m[1] ? `${f}: type ${m[3]}` : `${f}: ${m[3]}${m[2] ? ` {${m[2].split(',').map((n) => n.trim()).filter(Boolean).sort().join(', ')}}` : ''}`,
      ),
    );
  // From outside the validator only: the package-root lookup (where crds/ lives), the config's type (no runtime
  // code), and plain names (the output folder of the application cluster), never a function or pattern.
  expect(imports.sort()).toEqual(['crd-registry.ts: ../../lib/paths {packageRoot}', 'references.ts: ../../lib/util/names {APPLICATION_CLUSTER}', 'references.ts: type ../../lib/config/schema']);
  // The same check catches any import form (a require, a second line) of a module outside cli/validate.
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/(?:from|require\()\s*'(\.\.\/[^']+)'/g)].map((m) => `${f}: ${m[1]}`));
  expect(all.sort()).toEqual(['crd-registry.ts: ../../lib/paths', 'references.ts: ../../lib/config/schema', 'references.ts: ../../lib/util/names']);
});
