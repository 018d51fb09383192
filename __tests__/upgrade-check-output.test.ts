// The upgrade-check command's input rule and output (cli/upgrade-check-output.ts), called directly, each text exactly.
import { CHART_REQUIRED, chartArgument, fits, upgradeFailure, upgradeReportText } from '../cli/upgrade-check-output';
import { renderUpgradeReport, UpgradeReport } from '../cli/upgrade/upgrade-check';
import { maskSecrets } from '../lib/util/secret-text';

const REPORT: UpgradeReport = {
  chart: { name: 'codecanvas', version: '2025.1' },
  checked: [{ release: 'codecanvas', chart: 'codecanvas', configuredVersion: '2025.1' }],
  skipped: [],
  problems: [],
};
const PROBLEM = { release: 'codecanvas', kind: 'unknown-key' as const, path: 'application.x', message: 'the chart has no key x' };

describe('upgrade-check input', () => {
  it('checks against --chart, else CODECANVAS_CHART; an empty value names no chart', () => {
    expect(CHART_REQUIRED).toBe('--chart FILE is required (or set CODECANVAS_CHART)');
    expect(chartArgument('a.tgz', { CODECANVAS_CHART: 'b.tgz' })).toBe('a.tgz');
    expect(chartArgument(undefined, { CODECANVAS_CHART: 'b.tgz' })).toBe('b.tgz');
    expect(chartArgument(undefined, {})).toBeUndefined();
    expect(chartArgument('', { CODECANVAS_CHART: 'b.tgz' })).toBeUndefined();
    expect(chartArgument(undefined, { CODECANVAS_CHART: '' })).toBeUndefined();
  });
});

describe('upgrade-check output', () => {
  it('fits when no problem was found', () => {
    expect(fits(REPORT)).toBe(true);
    expect(fits({ problems: [PROBLEM] })).toBe(false);
  });

  it('prints the report as text, or as JSON with the config file and ok first', () => {
    expect(upgradeReportText(REPORT, 'c.yaml', false)).toBe(renderUpgradeReport(REPORT, 'c.yaml'));
    expect(upgradeReportText(REPORT, 'c.yaml', true)).toBe(`${JSON.stringify({ config: 'c.yaml', ok: true, ...REPORT }, null, 2)}\n`);
    const failing = { ...REPORT, problems: [PROBLEM] };
    expect(upgradeReportText(failing, 'c.yaml', true)).toBe(`${JSON.stringify({ config: 'c.yaml', ok: false, ...failing }, null, 2)}\n`);
    expect(Object.keys(JSON.parse(upgradeReportText(REPORT, 'c.yaml', true)))).toEqual(['config', 'ok', 'chart', 'checked', 'skipped', 'problems']);
  });

  it('reports an error as a line on stderr, or as masked JSON on stdout', () => {
    expect(upgradeFailure('chart x.tgz is not a packaged Helm chart', false)).toEqual({ stream: 'stderr', text: 'upgrade-check: chart x.tgz is not a packaged Helm chart\n' });
    expect(upgradeFailure('bad', true)).toEqual({ stream: 'stdout', text: '{\n  "ok": false,\n  "error": "bad"\n}\n' });
    const secret = 'cannot read https://admin:hunter2@charts.example.com/c.tgz';
    expect(upgradeFailure(secret, true).text).toBe(`${JSON.stringify({ ok: false, error: maskSecrets(secret) }, null, 2)}\n`);
    expect(upgradeFailure(secret, true).text).not.toContain('hunter2');
  });
});
