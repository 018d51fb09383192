import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { gunzipSync, gzipSync } from 'zlib';
import * as yaml from 'js-yaml';
import { main } from '../cli/main';
import { MAX_CHART_BYTES, readTgz } from '../cli/upgrade/tar';
import { checkReleases, ReleaseValues, releaseValues, renderUpgradeReport, upgradeCheck, unpackChart, UpgradeReport } from '../cli/upgrade/upgrade-check';
import { exampleConfig, ROOT, withField } from './helpers';
import { loadConfigFile } from '../lib/config/load';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'codecanvas-chart-2025.1-RC.875');

/**
 * One ustar entry; names over 100 bytes use the prefix field, as tar and helm write them. `type` is the entry's type
 * flag, `size` a raw size field, and `v7` writes a pre-POSIX header (no ustar magic) with these bytes where ustar
 * keeps the name prefix.
 */
function tarEntry(name: string, content: Buffer, opts: { type?: string; size?: string; v7?: string } = {}): Buffer {
  const header = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/');
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  header.write(base, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(opts.size ?? `${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write(opts.type ?? '0', 156);
  if (opts.v7 === undefined) {
    header.write('ustar\0', 257);
    header.write('00', 263);
    header.write(prefix, 345, 155, 'utf8');
  } else header.write(opts.v7, 345);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded]);
}

function tgz(files: Record<string, Buffer | string>): Buffer {
  return tgzOf(Object.entries(files).map(([n, c]) => tarEntry(n, Buffer.isBuffer(c) ? c : Buffer.from(c))));
}

/** Entries made by tarEntry, with the end-of-archive blocks, gzipped. */
function tgzOf(entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

/** The files of an archive as text, by name. */
function textsOf(files: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries([...files].map(([k, v]) => [k, v.toString()]));
}

/** The fixture chart folder as helm package lays it out: codecanvas/..., with `edit` applied to file contents. */
function fixtureFiles(edit: (file: string, text: string) => string = (_f, t) => t): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name !== 'SOURCE.md') {
        const rel = `codecanvas/${path.relative(FIXTURE, full).split(path.sep).join('/')}`;
        out[rel] = edit(rel, fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(FIXTURE);
  return out;
}

function writeTemp(name: string, content: Buffer | string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-upgrade-')), name);
  fs.writeFileSync(file, content);
  return file;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: ROOT });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('tar reader', () => {
  test('reads back every file of a .tgz, long (prefixed) names included', () => {
    const long = `codecanvas/charts/${'x'.repeat(60)}/templates/${'y'.repeat(50)}.yaml`;
    const files = { 'codecanvas/Chart.yaml': 'name: codecanvas\n', [long]: 'a: 1\n', 'codecanvas/empty.txt': '' };
    const read = readTgz(tgz(files));
    expect(Object.fromEntries([...read].map(([k, v]) => [k, v.toString()]))).toEqual(files);
  });

  test('a file that is not gzip, or not tar, is an error', () => {
    expect(() => readTgz(Buffer.from('hello'))).toThrow();
    expect(() => readTgz(gzipSync(Buffer.alloc(512, 7)))).toThrow(/not a tar archive/);
  });

  // Archives written by GNU tar itself, in each format a chart may arrive in: ustar (long paths split into prefix and
  // name), GNU (a long name in an `L` entry), pax (a `path` record in an `x` entry; the format Go's archive/tar, and so
  // helm package, uses for names ustar cannot hold).
  const deep = `codecanvas/charts/${'sub-chart-'.repeat(8)}x/templates/${'very-long-template-name-'.repeat(5)}é.yaml`;
  const realFiles: Record<string, string> = { 'codecanvas/Chart.yaml': 'name: codecanvas\n', [deep]: 'a: 1\n', 'codecanvas/values.yaml': 'x: ' + 'v'.repeat(3000) + '\n' };
  function realTgz(format: string): Buffer {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tar-'));
    for (const [name, content] of Object.entries(realFiles)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const out = path.join(dir, 'chart.tgz');
    const r = spawnSync('tar', [`--format=${format}`, '-czf', out, '-C', dir, 'codecanvas'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tar --format=${format}: ${r.stderr}`);
    return fs.readFileSync(out);
  }
  const hasTar = spawnSync('tar', ['--version']).status === 0;

  test.each(['gnu', 'pax', 'posix'])('reads what GNU tar writes with --format=%s, long and non-ASCII names included', (format) => {
    if (!hasTar) throw new Error('no tar on PATH (Debian package tar)');
    const read = readTgz(realTgz(format));
    expect(Object.fromEntries([...read].map(([k, v]) => [k, v.toString()]))).toEqual(realFiles);
  });

  test('a truncated archive is an error, wherever it is cut', () => {
    const tar = gunzipSync(realTgz('gnu'));
    // GNU tar pads the archive to whole records: where its entries end is the first all-zero block.
    let end = 0;
    while (!tar.subarray(end, end + 512).every((x) => x === 0)) end += 512;
    const body = tar.indexOf('v'.repeat(100));
    expect(body).toBeGreaterThan(0);
    // Inside a file's body, inside a header, and where the entries end (no end-of-archive blocks).
    for (const cut of [body + 100, 700, end]) {
      expect(() => readTgz(gzipSync(tar.subarray(0, cut)))).toThrow(/truncated tar archive/);
    }
    expect(readTgz(gzipSync(tar)).size).toBe(3);
  });

  test('a truncated archive names where it ends: inside an entry, or after its last entry', () => {
    const tar = gunzipSync(tgzOf([tarEntry('codecanvas/a', Buffer.alloc(1000, 'a')), tarEntry('codecanvas/b', Buffer.alloc(512, 'b'))]));
    expect(() => readTgz(gzipSync(tar.subarray(0, 1112)))).toThrow('truncated tar archive (an entry of 1000 bytes at byte 0 runs past its end at 1112)');
    // The second entry's body ends exactly where the archive does: complete, but no end-of-archive blocks follow.
    expect(() => readTgz(gzipSync(tar.subarray(0, 2560)))).toThrow('truncated tar archive (it ends at byte 2560 without the end-of-archive blocks)');
  });

  test('regular files (type 0, NUL and 7) are read, other entries skipped; a leading ./ is dropped, a ./ inside a name kept', () => {
    const read = readTgz(
      tgzOf([
        tarEntry('pax_global_header', Buffer.from('18 comment=hello\n'), { type: 'g' }),
        tarEntry('./codecanvas/a', Buffer.from('A')),
        tarEntry('codecanvas/b', Buffer.from('B'), { type: '\0' }),
        tarEntry('codecanvas/c', Buffer.from('C'), { type: '7' }),
        tarEntry('codecanvas/link', Buffer.alloc(0), { type: '2' }),
        tarEntry('codecanvas/dir/', Buffer.alloc(0), { type: '5' }),
        tarEntry('codecanvas/x./y', Buffer.from('Y')),
      ]),
    );
    expect(textsOf(read)).toEqual({ 'codecanvas/a': 'A', 'codecanvas/b': 'B', 'codecanvas/c': 'C', 'codecanvas/x./y': 'Y' });
  });

  test('header fields: a 100-byte name without its NUL, a pre-POSIX header (no prefix field), a blank size field', () => {
    const hundred = `codecanvas/${'n'.repeat(89)}`;
    expect(Buffer.byteLength(hundred)).toBe(100);
    const read = readTgz(
      tgzOf([
        tarEntry(hundred, Buffer.from('full')),
        // Pre-POSIX tar leaves these bytes unused: they are not a name prefix.
        tarEntry('codecanvas/old.txt', Buffer.from('old'), { v7: 'not-a-prefix' }),
        tarEntry('codecanvas/empty.txt', Buffer.alloc(0), { size: ' '.repeat(11) }),
        tarEntry('codecanvas/last.txt', Buffer.from('last')),
      ]),
    );
    expect(textsOf(read)).toEqual({ [hundred]: 'full', 'codecanvas/old.txt': 'old', 'codecanvas/empty.txt': '', 'codecanvas/last.txt': 'last' });
  });

  test('pax records: the path record names the next entry; records that are not key=value, and what follows a bad length, are ignored', () => {
    const pax = (records: string) => tarEntry('PaxHeaders/x', Buffer.from(records), { type: 'x' });
    const read = readTgz(
      tgzOf([
        pax('28 path=codecanvas/pax-name\n'),
        tarEntry('codecanvas/short-1', Buffer.from('1')),
        // No `=`: not a record this reader uses (a reader taking it for `path` would name the file pathZ).
        pax('8 pathZ\n'),
        tarEntry('codecanvas/short-2', Buffer.from('2')),
        // A zero length ends the records (taking it would never advance).
        pax('0 x\n27 path=codecanvas/ignored\n'),
        tarEntry('codecanvas/short-3', Buffer.from('3')),
      ]),
    );
    expect(textsOf(read)).toEqual({ 'codecanvas/pax-name': '1', 'codecanvas/short-2': '2', 'codecanvas/short-3': '3' });
  });

  test('a gzip bomb stops at MAX_CHART_BYTES unpacked', () => {
    // All zeros: unpacked without the cap this would read as an empty archive. Compression level 1: the same
    // 100 MB unpacked, made in a third of the time of the default level.
    expect(() => readTgz(gzipSync(Buffer.alloc(MAX_CHART_BYTES + 512), { level: 1 }))).toThrow(/larger than 104857600 bytes/);
  });
});

describe('upgrade-check', () => {
  const chart = writeTemp('codecanvas-2025.1-RC.875.tgz', tgz(fixtureFiles()));

  test('the example against the RC.875 chart: every release checked; the keys that chart lacks are named', async () => {
    const r = await run(['upgrade-check', '--chart', chart, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.chart).toEqual({ name: 'codecanvas', version: '2025.1-RC.875' });
    expect(report.checked.map((c: { release: string; chart: string }) => `${c.release} -> ${c.chart}`)).toEqual([
      'application: codecanvas -> codecanvas',
      'dev-westeurope: codecanvas-relay -> codecanvas/charts/codecanvas-relay',
      'dev-westeurope: codecanvas-jump -> codecanvas/charts/codecanvas-jump',
      // No operator release: with delivery.mode argocd the operator is written as plain manifests (issue 9).
    ]);
    // The guide's ingress.tlsEnabled is not read by this chart (README, compatibility notes).
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'unknown-key', path: 'application.ingress.tlsEnabled' }));
    expect(report.problems.filter((p: { kind: string }) => p.kind === 'schema')).toEqual([]);
  });

  test('a key the new chart renamed is reported with the release, the path and where the key went', async () => {
    // As if the next chart version renamed operator.targetNamespace to operator.workspace.targetNamespace.
    const renamed = writeTemp(
      'c.tgz',
      tgz(fixtureFiles((f, t) => (f.endsWith('codecanvas-operator/values.yaml') ? t.replace('  targetNamespace: ""', '  workspace:\n    targetNamespace: ""') : t))),
    );
    // Helm delivery: the operator is a Helm release there (with argocd it is plain manifests and has no values).
    const config = writeTemp('helm.yaml', yaml.dump(withField(exampleConfig(), 'delivery.mode', 'helm')));
    const before = JSON.parse((await run(['upgrade-check', '--chart', chart, '--config', config, '--json'])).stdout).problems;
    expect(before.filter((p: { release: string }) => p.release === 'dev-westeurope: codecanvas-operator')).toEqual([]);
    const after = JSON.parse((await run(['upgrade-check', '--chart', renamed, '--config', config, '--json'])).stdout).problems;
    expect(after.filter((p: { release: string }) => p.release === 'dev-westeurope: codecanvas-operator')).toEqual([
      {
        release: 'dev-westeurope: codecanvas-operator',
        kind: 'unknown-key',
        path: 'operator.targetNamespace',
        message: expect.stringMatching(/has no such key \(removed or renamed .*\); the chart has operator\.workspace\.targetNamespace$/),
      },
    ]);
  });

  test("values the chart's values.schema.json refuses are schema problems", async () => {
    const config = writeTemp('c.yaml', yaml.dump(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.values', { application: { sshService: { port: 'twenty-two' } } })));
    const r = await run(['upgrade-check', '--chart', chart, '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('dev-westeurope: codecanvas-jump: application.sshService.port: must be of type integer');
  });

  test('CODECANVAS_CHART is the default chart; validate runs the check too when it is set', async () => {
    expect((await run(['upgrade-check'], { CODECANVAS_CHART: chart })).stdout).toContain('against chart codecanvas 2025.1-RC.875');
    const v = await run(['validate', '--json'], { CODECANVAS_CHART: chart });
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout).problems).toContainEqual(expect.objectContaining({ where: 'upgrade-check application: codecanvas application.ingress.tlsEnabled' }));
    expect((await run(['validate'])).code).toBe(0);
  });

  test('not a chart archive: one line, exit 1; no --chart: usage error', async () => {
    const r = await run(['upgrade-check', '--chart', writeTemp('x.tgz', 'not gzip')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^upgrade-check: .*x\.tgz is not a packaged Helm chart \(\.tgz\): .*\n$/);
    expect((await run(['upgrade-check'])).code).toBe(2);
  });
});


describe('upgrade-check, unit by unit', () => {
  /** A fresh folder for unpackChart's temporary folder, so that a test sees what is left in it. */
  const freshTmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tmpdir-'));

  const chartYaml = (name: string, version: string) => `name: ${name}\nversion: ${version}\n`;

  test('unpackChart: the chart and its vendored subcharts (packed ones unpacked), by name; nothing written outside its folder', () => {
    const archive = tgzOf([
      tarEntry('../evil.txt', Buffer.from('outside?')),
      tarEntry('top/Chart.yaml', Buffer.from(chartYaml('top', '1.2.3'))),
      tarEntry('top/values.yaml', Buffer.from('a: 1\n')),
      tarEntry('top/charts/sub-1.0.0.tgz', tgz({ 'sub/Chart.yaml': chartYaml('sub', '1.0.0'), 'sub/values.yaml': 's: 1\n' })),
      tarEntry('top/charts/notes.tgz.txt', Buffer.from('not an archive')),
      tarEntry('top/charts/deep/x.tgz', Buffer.from('not an archive either')),
      // A copy of the top chart's name further down, and a Chart.yaml without a name: the first one found wins.
      tarEntry('top/charts/copy/Chart.yaml', Buffer.from(chartYaml('top', '9.9.9'))),
      tarEntry('top/templates/Chart.yaml', Buffer.from('description: no name\n')),
      tarEntry('top/files/Chart.yaml', Buffer.alloc(0)),
      tarEntry('top/./a/../b.txt', Buffer.from('b')),
    ]);
    const tmp = freshTmp();
    const c = unpackChart(archive, 'c.tgz', tmp);
    try {
      expect(fs.readdirSync(tmp)).toEqual([path.basename(path.dirname(c.dir))]);
      expect(path.basename(path.dirname(c.dir))).toMatch(/^codecanvas-upgrade-check-/);
      const root = path.dirname(c.dir);
      expect({ dir: path.relative(root, c.dir), name: c.name, version: c.version }).toEqual({ dir: 'top', name: 'top', version: '1.2.3' });
      expect(Object.fromEntries([...c.charts].map(([n, d]) => [n, path.relative(root, d)]))).toEqual({ top: 'top', sub: path.join('top', 'charts', 'sub') });
      expect(fs.readFileSync(path.join(c.dir, 'charts', 'sub', 'values.yaml'), 'utf8')).toBe('s: 1\n');
      expect(fs.readFileSync(path.join(c.dir, 'charts', 'notes.tgz.txt'), 'utf8')).toBe('not an archive');
      expect(fs.readFileSync(path.join(c.dir, 'charts', 'deep', 'x.tgz'), 'utf8')).toBe('not an archive either');
      // `..` and `.` segments are dropped: the entry lands inside the folder.
      expect(fs.readFileSync(path.join(root, 'evil.txt'), 'utf8')).toBe('outside?');
      expect(fs.readFileSync(path.join(c.dir, 'a', 'b.txt'), 'utf8')).toBe('b');
    } finally {
      c.remove();
    }
    expect(fs.existsSync(path.dirname(c.dir))).toBe(false);
    c.remove();
  });

  test('unpackChart: an archive without <chart>/Chart.yaml is refused, and its temporary folder removed', () => {
    const tmp = freshTmp();
    expect(() => unpackChart(tgz({ 'top/values.yaml': 'a: 1\n', 'top/sub/x.txt': 'x' }), 'c.tgz', tmp)).toThrow('c.tgz holds no <chart>/Chart.yaml: not a packaged Helm chart');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  /** A chart folder laid out as unpackChart leaves it. */
  function chartDir(files: Record<string, string>): { root: string; chart: Parameters<typeof checkReleases>[1] } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chart-'));
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), content);
    }
    const dir = path.join(root, 'top');
    const charts = new Map([['top', dir], ['sub', path.join(dir, 'charts', 'sub')]]);
    return { root, chart: { dir, name: 'top', version: '2.0.0', charts, remove: () => fs.rmSync(root, { recursive: true }) } };
  }

  test('checkReleases: unknown keys (with where similar keys are), schema problems by dotted path, skipped releases', () => {
    const { chart } = chartDir({
      'top/Chart.yaml': 'name: top\nversion: 2.0.0\ndependencies:\n  - name: sub\n    alias: subalias\n  - name: missing\n',
      'top/values.yaml': yaml.dump({ a: { b: 1, c: { d: 1 } }, free: {}, x: { d: 2 }, y: { d: 3 }, z: { d: 4 }, 'k/e~y': { n: 1 } }),
      'top/values.schema.json': JSON.stringify({
        type: 'object',
        maxProperties: 6,
        properties: { 'k/e~y': { type: 'object', properties: { n: { type: 'integer' } } } },
      }),
      'top/charts/sub/Chart.yaml': 'name: sub\nversion: 1.0.0\n',
      'top/charts/sub/values.yaml': 's: 1\n',
    });
    const releases: ReleaseValues[] = [
      {
        where: 'app: top',
        chart: 'top',
        version: '1.0.0',
        values: { a: { b: 2, e: 1, c: 'zz' }, free: { anything: 1 }, subalias: { s: 2, t: 3 }, d: 1, missing: { k: 1 }, 'k/e~y': { n: 'one' } },
      },
      { where: 'app: sub', chart: 'sub', version: '2.0.0', values: { s: 3 } },
      { where: 'app: other', chart: 'nothere', version: '1.0.0', values: {} },
    ];
    const report = checkReleases(releases, chart);
    expect(report.chart).toEqual({ name: 'top', version: '2.0.0' });
    expect(report.checked).toEqual([
      { release: 'app: top', chart: 'top', configuredVersion: '1.0.0' },
      { release: 'app: sub', chart: path.join('top', 'charts', 'sub'), configuredVersion: '2.0.0' },
    ]);
    expect(report.skipped).toEqual(['app: other (chart nothere is not in top 2.0.0)']);
    const noKey = "we set it, but top's values.yaml has no such key (removed or renamed in this chart version?)";
    expect(report.problems).toEqual([
      // A rule on the values as a whole is reported at (root).
      { release: 'app: top', kind: 'schema', path: '(root)', message: expect.stringContaining('6') },
      { release: 'app: top', kind: 'schema', path: 'k/e~y.n', message: expect.stringContaining('integer') },
      { release: 'app: top', kind: 'unknown-key', path: 'a.e', message: noKey },
      { release: 'app: top', kind: 'unknown-key', path: 'subalias.t', message: noKey },
      { release: 'app: top', kind: 'unknown-key', path: 'd', message: `${noKey}; the chart has a.c.d, x.d, y.d` },
      { release: 'app: top', kind: 'unknown-key', path: 'missing', message: noKey },
    ]);
    chart.remove();
  });

  test('renderUpgradeReport: what was checked (and the version the config pins), skipped, and each problem', () => {
    const report: UpgradeReport = {
      chart: { name: 'top', version: '2.0.0' },
      checked: [
        { release: 'app: top', chart: 'top', configuredVersion: '2.0.0' },
        { release: 'app: sub', chart: 'top/charts/sub', configuredVersion: '1.0.0' },
      ],
      skipped: ['app: other (chart nothere is not in top 2.0.0)'],
      problems: [{ release: 'app: top', kind: 'unknown-key', path: 'a.e', message: 'no such key' }],
    };
    expect(renderUpgradeReport(report, 'codecanvas.yaml')).toBe(
      [
        'upgrade-check: codecanvas.yaml against chart top 2.0.0',
        '  checked app: top against top',
        '  checked app: sub against top/charts/sub (config pins 1.0.0)',
        '  skipped app: other (chart nothere is not in top 2.0.0)',
        '1 problem:',
        '  - app: top: a.e: no such key',
        '',
      ].join('\n'),
    );
    const two = { ...report, problems: [...report.problems, { release: 'app: sub', kind: 'schema' as const, path: '(root)', message: 'bad' }] };
    expect(renderUpgradeReport(two, 'c.yaml')).toContain('\n2 problems:\n  - app: top: a.e: no such key\n  - app: sub: (root): bad\n');
    expect(renderUpgradeReport({ ...report, skipped: [], problems: [] }, 'c.yaml').split('\n').slice(-2)).toEqual([
      'the generated values fit this chart: no schema errors, no keys the chart does not have',
      '',
    ]);
  });

  test('releaseValues: a secret the chart values carry reads as a placeholder when its variable is not set', () => {
    const config = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'kubectl-helm.yaml'), 'utf8')) as Record<string, any>;
    const file = writeTemp('helm.yaml', yaml.dump(withField(config, 'localAdministrator.setPassword', true)));
    const loaded = loadConfigFile(file);
    const password = (env: NodeJS.ProcessEnv) =>
      (releaseValues(loaded, env).find((r) => r.chart === 'codecanvas')!.values as any).application.secret.codecanvas.localAdministrator.password;
    // 32 bytes in Base64, so that it passes the rules of a real password.
    expect(password({})).toBe('AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=');
    expect(password({ CODECANVAS_ADMIN_PASSWORD: 'from-the-environment' })).toBe('from-the-environment');
  });

  test('upgradeCheck removes the unpacked chart afterwards', () => {
    const tmp = freshTmp();
    const report = upgradeCheck(loadConfigFile(path.join(ROOT, 'examples', 'aks.yaml')), writeTemp('c.tgz', tgz(fixtureFiles())), {}, tmp);
    expect(report.checked.length).toBeGreaterThan(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
