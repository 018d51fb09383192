// The cdk8s app: synthesizes the installation described by the config file into the output directory.
// Config: env CODECANVAS_CONFIG, else ./codecanvas.yaml, else the embedded examples/aks.yaml.
// Output: env CDK8S_OUTDIR (what `cdk8s synth` sets from its -o / CDK8S_OUTPUT), else CDK8S_OUTPUT, else dist/.
import { lastResort } from './cli/dispatch';
import { refusedEnvironment } from './cli/args';
import { maskSecrets } from './lib/util/secret-text';
import { runSynth } from './cli/synth-command';
import { outputDir } from './cli/synth-output';

function run(): number {
  // The variables this app reads paths from, held to the rule of config strings (as the codecanvas-cdk8s command does).
  if (refusedEnvironment(process.env, 'synth', 'synth', (s) => process.stderr.write(maskSecrets(s)))) return 2;
  try {
    return runSynth({
      config: undefined,
      outdir: outputDir(process.env),
      env: process.env,
      stdout: (s) => process.stdout.write(maskSecrets(s)),
      stderr: (s) => process.stderr.write(maskSecrets(s)),
    });
  } catch (e) {
    return lastResort(e, (s) => process.stderr.write(s), 'synth');
  }
}

process.exitCode = run();
