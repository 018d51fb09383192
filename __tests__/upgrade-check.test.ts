import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { gunzipSync, gzipSync } from 'zlib';
import * as yaml from 'js-yaml';
import { main } from '../cli/main';
import { readTgz } from '../cli/upgrade/tar';
import { exampleConfig, ROOT, withField } from './helpers';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'codecanvas-chart-2025.1-RC.875');

/** One ustar entry; names over 100 bytes use the prefix field, as tar and helm write them. */
function tarEntry(name: string, content: Buffer): Buffer {
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
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded]);
}

function tgz(files: Record<string, Buffer | string>): Buffer {
  const parts = Object.entries(files).map(([n, c]) => tarEntry(n, Buffer.isBuffer(c) ? c : Buffer.from(c)));
  return gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)]));
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

