import { CommandIO, refusedEnvironment, UsageError } from './args';
import { lastResort, MAIN_HELP, maskedIO, route, unknownCommandText, usageErrorText, versionLine } from './dispatch';
import { packageVersion } from '../lib/paths';

// Re-exported: the entry points and tests import them from here.
export { lastResort, MAIN_HELP, maskedIO, UNEXPECTED_ERROR } from './dispatch';

type Command = (argv: string[], io: CommandIO) => number | Promise<number>;

// Every command is loaded on demand, so `help` and usage errors load no command: synth, validate and diff pull in
// cdk8s and the constructs (validate also ajv and the CRD schemas), preflight the Kubernetes client.
const COMMANDS: Record<string, () => Command> = {
  validate: () => (require('./commands') as typeof import('./commands')).runValidate,
  synth: () => (require('./commands') as typeof import('./commands')).runSynthCommand,
  diff: () => (require('./commands') as typeof import('./commands')).runDiff,
  preflight: () => require('./preflight-command').runPreflightCommand,
  plan: () => require('./plan-command').runPlanCommand,
  keys: () => require('./keys-command').runKeysCommand,
  'upgrade-check': () => require('./upgrade-check-command').runUpgradeCheckCommand,
};

/** Runs the CLI; resolves to the exit code. What each argument asks for is in cli/dispatch.ts. */
export async function main(argv: string[], unmasked: CommandIO): Promise<number> {
  const io = maskedIO(unmasked);
  const to = route(argv, Object.keys(COMMANDS));
  switch (to.kind) {
    case 'version':
      io.stdout(versionLine(packageVersion()));
      return 0;
    case 'help':
      io.stdout(MAIN_HELP);
      return to.code;
    case 'unknown':
      io.stderr(unknownCommandText(to.name));
      return 2;
    case 'command':
      break;
  }
  const name = to.name;
  if (refusedEnvironment(io.env, name, `codecanvas-cdk8s ${name}`, io.stderr)) return 2;
  try {
    return await COMMANDS[name]()([...to.argv], io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(usageErrorText(name, e.message));
      return 2;
    }
    return lastResort(e, io.stderr, name, io.env);
  }
}
