/**
 * `plan`: the install guide's dev-environment cluster sizing as a command.
 * Exit codes: 0 ok, 1 bad input (names the flag, the value and the rule), 2 usage error.
 * The flag rules and the text are in cli/plan/flags.ts; this parses the command line and prints.
 */
import { UsageError } from './args';
import { PLAN } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { PlanFlags, PlanUsageError, planText } from './plan/flags';
import { PlanInputError } from './plan/plan';
import { maskSecrets } from '../lib/util/secret-text';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const PLAN_HELP = helpText(PLAN);

export function runPlanCommand(argv: string[], io: CommandIo): number {
  const usage = (message: string): number => {
    io.stderr(`plan: ${message}\nRun 'codecanvas-cdk8s plan --help' for usage.\n`);
    return 2;
  };
  let values: PlanFlags;
  try {
    values = parseCommand(argv, PLAN) as PlanFlags;
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    io.stdout(PLAN_HELP);
    return 0;
  }
  try {
    io.stdout(planText(values));
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof PlanUsageError) return usage(err.message);
    if (err instanceof PlanInputError) {
      io.stderr(`plan: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/* istanbul ignore next -- direct use: node scripts/run-ts.js cli/plan-command.ts --example */
if (require.main === module || /[\\/]plan-command\.[tj]s$/.test(process.argv[1] ?? '')) {
  process.exitCode = runPlanCommand(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(maskSecrets(s)),
    stderr: (s) => process.stderr.write(maskSecrets(s)),
  });
}
