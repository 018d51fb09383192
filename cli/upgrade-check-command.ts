/**
 * The `upgrade-check` command: the generated values of every release against a packaged chart.
 * Exit codes: 0 the values fit, 1 problems (or invalid input / unreadable chart), 2 usage error.
 * The rules and the output are in cli/upgrade-check-output.ts; this reads the config and the chart and prints.
 */
import * as path from 'path';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { SynthError } from './synth';
import { upgradeCheck, UpgradeCheckError } from './upgrade/upgrade-check';
import { CommandIO, UsageError } from './args';
import { UPGRADE_CHECK } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { CHART_REQUIRED, chartArgument, fits, upgradeFailure, upgradeReportText } from './upgrade-check-output';

export const UPGRADE_CHECK_HELP = helpText(UPGRADE_CHECK);

export function runUpgradeCheckCommand(argv: string[], io: CommandIO): number {
  const values = parseCommand(argv, UPGRADE_CHECK) as { chart?: string; config?: string; json?: boolean; help?: boolean };
  if (values.help) return io.stdout(UPGRADE_CHECK_HELP), 0;
  const chart = chartArgument(values.chart, io.env);
  if (chart === undefined) throw new UsageError(CHART_REQUIRED);
  const json = values.json ?? false;
  try {
    const loaded = loadConfigFile(resolveConfigPath(values.config, io.env, io.cwd));
    const report = upgradeCheck(loaded, path.resolve(io.cwd, chart), io.env);
    io.stdout(upgradeReportText(report, loaded.source, json));
    return fits(report) ? 0 : 1;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthError || e instanceof UpgradeCheckError) {
      const out = upgradeFailure(e.message, json);
      io[out.stream](out.text);
      return 1;
    }
    throw e;
  }
}
