// Used by `npm run test:mutation:proof` (scripts/mutation-proof.js), and left out of the ordinary mutation runs.
// On purpose, the example is synthesized at describe scope, outside any test: Stryker then sees the mutants it
// reaches as "static", and the proof checks that such a mutant is still run and reported Killed (ignoreStatic off,
// modules reloaded per mutant run). The other test files build what they assert inside each test.
import * as path from 'path';
import * as yaml from 'js-yaml';
import { loadConfigFile } from '../lib/config/load';
import { synthesize } from '../cli/synth';
import { ROOT } from './helpers';

describe('the example, synthesized at describe scope', () => {
  const files = synthesize(loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml'))).files;
  const storageClasses = files
    .filter((f) => f.path.endsWith('/10-cluster-resources.yaml'))
    .flatMap((f) => yaml.loadAll(f.content) as { kind: string; metadata: { name: string }; parameters?: Record<string, string> }[])
    .filter((d) => d.kind === 'StorageClass');

  test('its StorageClasses carry the SKU and a managed disk kind', () => {
    expect(storageClasses.map((sc) => [sc.metadata.name, sc.parameters])).toEqual([
      ['codecanvas-storage', { skuName: 'StandardSSD_LRS', kind: 'Managed' }],
      ['codecanvas-storage-premium', { skuName: 'Premium_LRS', kind: 'Managed' }],
    ]);
  });
});
