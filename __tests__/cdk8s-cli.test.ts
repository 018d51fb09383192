/**
 * `npx cdk8s synth` and `npm run synth` agree on where the output goes: the cdk8s CLI takes `-o` or CDK8S_OUTPUT
 * (its options can come from CDK8S_* variables) and passes it to the app as CDK8S_OUTDIR, which main.ts uses;
 * main.ts also honours CDK8S_OUTPUT, so one variable works for both. The real CLI runs in
 * test/cluster/cdk8s-cli.cluster.test.ts (seconds, so not in the fast tier).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { outputDir } from '../cli/synth-output';
import { ROOT } from './helpers';

describe('the cdk8s CLI and npm run synth', () => {
  test('cdk8s.yaml names the output folder that main.ts defaults to', () => {
    const config = yaml.load(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')) as { output?: string };
    expect(config.output).toBe(outputDir({}));
  });

  test('CDK8S_OUTDIR wins (the CLI sets it), then CDK8S_OUTPUT, then dist', () => {
    expect(outputDir({ CDK8S_OUTDIR: 'a', CDK8S_OUTPUT: 'b' })).toBe('a');
    expect(outputDir({ CDK8S_OUTPUT: 'b' })).toBe('b');
    expect(outputDir({ CDK8S_OUTDIR: '' })).toBe('dist');
  });
});
