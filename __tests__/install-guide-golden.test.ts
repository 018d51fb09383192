// INSTALL.md's exact text, per example and per variant that takes another branch of the guide (delivery mode,
// secret source, GitOps bootstrap or not). The rules of the guide (which step appears for which config, that every
// command points at generated output) are asserted in install-guide.test.ts and behaviour-install-guide.test.ts; this
// file pins the prose itself, as reviewed: a changed sentence must show up as a changed golden file in review.
// The embedded example's INSTALL.md is not here: the committed dist/INSTALL.md is its golden (synth.test.ts).
// Regenerate after an intended change: UPDATE_GOLDEN=1 npx jest __tests__/install-guide-golden.test.ts writes the
// files and fails (a run that writes a golden proves nothing); then run it again without the variable.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { LoadedConfig, parseConfig } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { fakeSecretEnv, ROOT, withField } from './helpers';

const EXAMPLES = path.join(ROOT, 'examples');
const GOLDEN = path.join(ROOT, '__tests__', 'golden');

type Variant = (raw: Record<string, any>) => Record<string, any>;
const rawOf = (file: string) => yaml.load(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as Record<string, any>;

const cases: [string, string, Variant][] = [
  ['flux-sealed-secrets', 'flux-sealed-secrets.yaml', (c) => c],
  ['kubectl-helm', 'kubectl-helm.yaml', (c) => c],
  ['three-clusters', 'three-clusters.yaml', (c) => c],
  ['aks-k3s-env', 'aks.yaml', (c) => withField(withField(withField(withField(c, 'delivery', { mode: 'k3s' }), 'secrets.keyVault', undefined), 'secrets.source', 'env'), 'secrets.allowPlaintextSecrets', true)],
  ['aks-no-gitops', 'aks.yaml', (c) => withField(c, 'gitops', undefined)],
  ['flux-no-gitops', 'flux-sealed-secrets.yaml', (c) => withField(c, 'gitops', undefined)],
];

test.each(cases)('INSTALL.md of %s', (name, file, variant) => {
  const raw = variant(rawOf(file));
  const loaded: LoadedConfig = { config: parseConfig(raw, file), source: `examples/${file}`, baseDir: EXAMPLES };
  const env = fakeSecretEnv(loaded.config.devEnvironmentClusters.map((c) => c.name));
  const guide = synthesize(loaded, { env }).files.find((f) => f.path === 'INSTALL.md')!.content;
  const golden = path.join(GOLDEN, `${name}.INSTALL.md`);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.writeFileSync(golden, guide);
    throw new Error(`wrote ${path.relative(ROOT, golden)}: review it, then run the test again without UPDATE_GOLDEN`);
  }
  expect(guide).toBe(fs.readFileSync(golden, 'utf8'));
});
