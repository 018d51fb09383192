// The validator knows the core kinds from a static table (cli/validate/core-kinds.ts), so that esbuild can bundle
// their kubernetes-models classes into the CLI. The table must hold every core kind the output can contain: exactly
// the k8s L1 classes (lib/k8s.ts) that lib/ and cli/ create. Custom resources come from the imports/ classes and
// the CRDs in crds/; no source creates a bare ApiObject, whose kind the scan below could not see. That the
// synthesized output validates in every delivery mode and secret source is __tests__/manifest-schemas.test.ts.
import * as fs from 'fs';
import * as path from 'path';
import { coreKinds, coreModel } from '../cli/validate/core-kinds';
import { validateManifests } from '../cli/validate/manifest-schemas';
import { k8s } from '../lib/k8s';
import { ROOT } from './helpers';

function sources(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));
}

const code = [...sources(path.join(ROOT, 'lib')), ...sources(path.join(ROOT, 'cli')), { file: 'main.ts', text: fs.readFileSync(path.join(ROOT, 'main.ts'), 'utf8') }];

describe('the core kinds validate knows', () => {
  test('are exactly the kinds of the k8s L1 classes the library and the CLI create', () => {
    const created = new Set<string>();
    for (const { text } of code) {
      for (const m of text.matchAll(/\bnew\s+k8s\.(Kube\w+)\s*\(/g)) {
        const gvk = (k8s as unknown as Record<string, { GVK?: { apiVersion: string; kind: string } }>)[m[1]]?.GVK;
        expect([m[1], gvk]).toEqual([m[1], expect.objectContaining({ kind: expect.any(String) })]);
        created.add(`${gvk!.apiVersion}/${gvk!.kind}`);
      }
    }
    // The scan finds something (the Namespace construct, for one).
    expect(created).toContain('v1/Namespace');
    expect(coreKinds().sort()).toEqual([...created].sort());
  });

  test('no source creates a Kubernetes object but through an L1 class (k8s or imports/)', () => {
    const bare = code.filter(({ text }) => /\bnew\s+(cdk8s\.)?(ApiObject|Include)\s*\(/.test(text)).map((s) => s.file);
    expect(bare).toEqual([]);
  });

  test.each(coreKinds())('%s: its model reports a wrong type and an unknown field', (key) => {
    const slash = key.lastIndexOf('/');
    const [apiVersion, kind] = [key.slice(0, slash), key.slice(slash + 1)];
    expect(coreModel(apiVersion, kind)).toBeDefined();
    const doc = { apiVersion, kind, metadata: { name: 'x', namespace: 'n', generation: 'one' }, bogus: 1 };
    // (Plus the required fields some kinds have, and a namespace on a cluster-scoped kind: not this test's point.)
    expect(validateManifests([doc]).map((p) => `${p.path} ${p.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/bogus .*bogus/), expect.stringMatching(/^\/metadata\/generation /)]),
    );
  });

  test('a core kind the output cannot contain has no schema, and the message says where the table is', () => {
    expect(coreModel('v1', 'ConfigMap')).toBeUndefined();
    const problems = validateManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' }, data: {} }]);
    expect(problems).toEqual([expect.objectContaining({ path: '/kind', message: expect.stringMatching(/no schema known for v1 ConfigMap: .*cli\/validate\/core-kinds\.ts/) })]);
  });
});
