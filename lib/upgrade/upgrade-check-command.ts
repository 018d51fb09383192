/**
 * The `upgrade-check` command: the generated values of every release against a packaged chart.
 * Exit codes: 0 the values fit, 1 problems (or invalid input / unreadable chart), 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CommandIO, UsageError } from '../cli/args';
import { UPGRADE_CHECK } from '../cli/command-definitions';
import { helpText, parseCommand } from '../cli/command-spec';
import { ConfigError } from '../config/errors';
import { loadConfigFile, resolveConfigPath } from '../config/load';
import { SynthError } from '../synth';
import { checkReleases, releaseValues, renderUpgradeReport, unpackChart, UpgradeCheckError, UpgradeReport } from './upgrade-check';
import { LoadedConfig } from '../config/load';

export const UPGRADE_CHECK_HELP = helpText(UPGRADE_CHECK);

/** Runs the check of `loaded` against the chart archive at `chartFile`. */
export function upgradeCheck(loaded: LoadedConfig, chartFile: string, env: NodeJS.ProcessEnv): UpgradeReport {
  let archive: Buffer;
  try {
    archive = fs.readFileSync(chartFile);
  } catch (e) {
    throw new UpgradeCheckError(`chart ${chartFile} cannot be read: ${(e as Error).message}`);
  }
  const chart = unpackChart(archive, chartFile);
  try {
    return checkReleases(releaseValues(loaded, env), chart);
  } finally {
    chart.remove();
  }
}

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
      if (values.json) io.stdout(`${JSON.stringify({ ok: false, error: (e as Error).message }, null, 2)}\n`);
      else io.stderr(`upgrade-check: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}
