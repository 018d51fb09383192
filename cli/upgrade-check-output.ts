/**
 * The upgrade-check command's rules on its input (the chart is required) and its output: the report as text or JSON,
 * an error as a line or as JSON. Pure: cli/upgrade-check-command.ts reads the config and the chart and prints.
 */
import { renderUpgradeReport, UpgradeReport } from './upgrade/upgrade-check';
import { maskSecrets } from '../lib/util/secret-text';

/** The usage problem when no chart is given. */
export const CHART_REQUIRED = '--chart FILE is required (or set CODECANVAS_CHART)';

/** The packaged chart to check against: --chart, else CODECANVAS_CHART; undefined when neither names one (an empty value names none). */
export function chartArgument(chart: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return (chart ?? env.CODECANVAS_CHART) || undefined;
}

/** Whether the generated values fit the chart: no problem found. */
export function fits(report: Pick<UpgradeReport, 'problems'>): boolean {
  return report.problems.length === 0;
}

/** The report for the config file `source`: JSON with --json (`json`), else text. */
export function upgradeReportText(report: UpgradeReport, source: string, json: boolean): string {
  return json ? `${JSON.stringify({ config: source, ok: fits(report), ...report }, null, 2)}\n` : renderUpgradeReport(report, source);
}

/** How a run that stops with `message` (exit 1) says so: JSON on stdout with --json (masked), else a line on stderr. */
export function upgradeFailure(message: string, json: boolean): { readonly stream: 'stdout' | 'stderr'; readonly text: string } {
  return json
    ? { stream: 'stdout', text: `${JSON.stringify({ ok: false, error: maskSecrets(message) }, null, 2)}\n` }
    : { stream: 'stderr', text: `upgrade-check: ${message}\n` };
}
