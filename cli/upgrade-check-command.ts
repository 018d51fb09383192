/**
 * The `upgrade-check` command: the generated values of every release against a packaged chart.
 * Exit codes: 0 the values fit, 1 problems (or invalid input / unreadable chart), 2 usage error.
 */
import * as path from 'path';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { SynthError } from './synth';
import { renderUpgradeReport, upgradeCheck, UpgradeCheckError } from './upgrade/upgrade-check';
import { CommandIO, UsageError } from './args';
import { UPGRADE_CHECK } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { maskSecrets } from '../lib/util/secret-text';

export const UPGRADE_CHECK_HELP = helpText(UPGRADE_CHECK);

export function runUpgradeCheckCommand(argv: string[], io: CommandIO): number {
  const values = parseCommand(argv, UPGRADE_CHECK) as { chart?: string; config?: string; json?: boolean; help?: boolean };
  if (values.help) return io.stdout(UPGRADE_CHECK_HELP), 0;
  const chartArg = values.chart ?? io.env.CODECANVAS_CHART;
  if (!chartArg) throw new UsageError('--chart FILE is required (or set CODECANVAS_CHART)');
  try {
    const loaded = loadConfigFile(resolveConfigPath(values.config, io.env, io.cwd));
    const report = upgradeCheck(loaded, path.resolve(io.cwd, chartArg), io.env);
    io.stdout(values.json ? `${JSON.stringify({ config: loaded.source, ok: report.problems.length === 0, ...report }, null, 2)}\n` : renderUpgradeReport(report, loaded.source));
    return report.problems.length === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthError || e instanceof UpgradeCheckError) {
      if (values.json) io.stdout(`${JSON.stringify({ ok: false, error: maskSecrets((e as Error).message) }, null, 2)}\n`);
      else io.stderr(`upgrade-check: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}
