// The cdk8s app: synthesizes the installation described by the config file into the output directory.
// Config: env CODECANVAS_CONFIG, else ./codecanvas.yaml, else the embedded examples/aks.yaml.
// Output: env CDK8S_OUTDIR (set by `cdk8s synth`), else dist/.
import { lastResort } from './lib/cli/main';
import { runSynth } from './lib/cli/synth-command';

try {
  process.exitCode = runSynth({
    config: undefined,
    outdir: process.env.CDK8S_OUTDIR || 'dist',
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
} catch (e) {
  process.exitCode = lastResort(e, (s) => process.stderr.write(s), 'synth');
}
