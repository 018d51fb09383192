/**
 * Property: whatever a careless or hostile edit does to a valid config, synth either succeeds or fails cleanly:
 * exit 1 with the config file named, no stack trace, no last-resort "unexpected error", the output directory
 * untouched. Mutations are drawn with fast-check from the paths of the example configs. No test here measures
 * time (a loaded machine would fail it); how long runs take is `npm run bench`'s business.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { lastResort, main, UNEXPECTED_ERROR } from '../cli/main';
import { loadConfigFile } from '../lib/config/load';
import { fakeSecretEnv, ROOT } from './helpers';

type Path = (string | number)[];

function paths(value: unknown, at: Path = []): Path[] {
  const own: Path[] = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...own, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object') return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return own;
}

function setAt(root: any, at: Path, value: unknown, remove: boolean): void {
  let node = root;
  for (const part of at.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = node[part];
  }
  if (node === null || typeof node !== 'object') return;
  const last = at[at.length - 1];
  if (remove) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
}

const HOSTILE_STRINGS = [
  '$(touch /tmp/cc-pwned)',
  '`id`',
  "'; rm -rf ~; '",
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----',
  '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
  'CODECANVAS_DB_HOST_PLACEHOLDER',
  'latest',
  'https://kv.vault.azure.net/',
  'oci://r.example.com/c$(id)',
  '../../etc/passwd',
  '\u0000',
  '\n',
  '',
  ' ',
  'x'.repeat(300),
  '__proto__',
  'constructor',
];

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  // Values YAML types itself: timestamps and !!binary (JSON, and so the output, cannot carry them).
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 8 }),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', 'password', 'masterSecret', 'name', '__proto__'), leaf, { maxKeys: 3 }) },
);
const mutation = fc.record({ pick: fc.nat(), remove: fc.boolean(), value });

const BASES = {
  'aks.yaml': {},
  'kubectl-helm.yaml': fakeSecretEnv(['dev-local']),
  'flux-sealed-secrets.yaml': fakeSecretEnv(['dev-northeurope']),
} as const;

let work: string;
let counter = 0;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bad-property-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(Object.entries(BASES))('mutations of examples/%s', (base, env) => {
  const original = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', base), 'utf8')) as Record<string, any>;
  // Free-form values with a harmless entry, so that mutations reach inside them too (they are written to the output).
  original.application = { ...original.application, values: { extra: { note: 'x' } } };
  for (const cluster of original.devEnvironmentClusters) {
    for (const release of ['relay', 'jump', 'operator']) cluster[release] = { ...cluster[release], values: { extra: { note: 'x' } } };
  }
  const all = paths(original);

  test('never a stack trace, never output on failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const config = JSON.parse(JSON.stringify(original));
        for (const m of mutations) setAt(config, all[m.pick % all.length], m.value, m.remove);
        const dir = path.join(work, String(counter++));
        fs.mkdirSync(dir);
        fs.copyFileSync(path.join(ROOT, 'examples', 'sealed-secrets-cert.pem'), path.join(dir, 'sealed-secrets-cert.pem'));
        const file = path.join(dir, 'codecanvas.yaml');
        fs.writeFileSync(file, yaml.dump(config, { lineWidth: -1 }));
        const outdir = path.join(dir, 'out');
        fs.mkdirSync(outdir);
        fs.writeFileSync(path.join(outdir, 'MARKER'), 'previous output');
        const err: string[] = [];
        const code = await main(['synth', '--config', file, '--out', outdir], { stdout: () => undefined, stderr: (s) => err.push(s), env, cwd: dir });
        const stderr = err.join('');
        const ok =
          !/\n\s+at .+:\d+:\d+/.test(stderr) &&
          !stderr.includes(UNEXPECTED_ERROR) &&
          (code === 0 || (code === 1 && stderr.startsWith(`${file}: `) && fs.readdirSync(outdir).join() === 'MARKER'));
        fs.rmSync(dir, { recursive: true, force: true });
        if (!ok) throw new Error(`code ${code}:\n${stderr}`);
      }),
      PROPERTY_RUN,
    );
  });
});

/**
 * A new seed every run, so the property explores new cases over time; a failure prints fast-check's
 * `{ seed, path }`, and FC_SEED=<seed> replays that run exactly.
 */
const PROPERTY_RUN = { numRuns: 30, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

describe('size and the last-resort handler', () => {
  test('a 1 MB config (a large values block) loads whole', () => {
    const config = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8')) as Record<string, any>;
    const values: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) values[`key${i}`] = `value-${i}-${'v'.repeat(30)}`;
    config.application.values = { extra: values };
    const file = path.join(work, 'large.yaml');
    fs.writeFileSync(file, yaml.dump(config));
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);
    const extra = loadConfigFile(file).config.application.values.extra as Record<string, string>;
    expect({ keys: Object.keys(extra).length, last: extra.key19999 }).toEqual({ keys: 20_000, last: `value-19999-${'v'.repeat(30)}` });
  });

  test('the last-resort handler prints one line, no stack, exit 1 (and the stack only with CODECANVAS_DEBUG)', () => {
    const out: string[] = [];
    const code = lastResort(new TypeError("Cannot read properties of undefined (reading 'x')\n    at f (a.js:1:1)"), (s) => out.push(s), 'synth', {});
    expect({ code, lines: out.join('').split('\n').filter(Boolean).length, stack: /\bat f \(a\.js/.test(out.join('').replace(/ {4}at/, ' at')) }).toEqual({
      code: 1,
      lines: 1,
      stack: true, // the message's own text survives, flattened to one line
    });
    expect(out.join('')).toMatch(new RegExp(`^codecanvas-cdk8s synth: ${UNEXPECTED_ERROR.replace(/[()]/g, '\\$&')}: TypeError: Cannot read`));
    const debug: string[] = [];
    lastResort(new Error('boom'), (s) => debug.push(s), 'synth', { CODECANVAS_DEBUG: '1' });
    expect(debug.join('')).toMatch(/\n\s+at /);
  });
});
