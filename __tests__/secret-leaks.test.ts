import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, formatIssue } from '../lib/config/errors';
import { parseConfig } from '../lib/config/load';
import { synthesize, SynthResult } from '../cli/synth';
import { main, maskedIO } from '../cli/main';
import { minimalConfig, ROOT, withField } from './helpers';

/**
 * One rule for every mode: no secret value appears anywhere in the output unless allowPlaintextSecrets is set.
 * Every combination of secret source, delivery mode, admin password and storage auth is synthesized with known
 * values, and every output byte is scanned for them, raw and encoded.
 */

const VALUES = {
  CODECANVAS_DB_PASSWORD: 'leak-check-db-password-Zq81',
  CODECANVAS_MASTER_SECRET: Buffer.from('leak-check-master-secret-32-bytes-long!!').toString('base64'),
  CODECANVAS_STORAGE_ACCOUNT_KEY: 'leak-check-storage-account-key-Lm55',
  CODECANVAS_ADMIN_PASSWORD: 'leak-check-admin-password-Px09',
  DEV_JUMP_JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nleak-check-jump-jwt-Ab12\n-----END PRIVATE KEY-----\n',
  DEV_JUMP_SSH_HOST_KEY: '-----BEGIN RSA PRIVATE KEY-----\nleak-check-jump-ssh-Cd34\n-----END RSA PRIVATE KEY-----\n',
  DEV_OPERATOR_JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nleak-check-operator-jwt-Ef56\n-----END PRIVATE KEY-----\n',
};

/** Every form in which a value could show up: raw, JSON/YAML-escaped, Base64 and Base64url at each alignment, hex. */
function forms(value: string): string[] {
  const out = new Set<string>([value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('hex')]);
  for (const line of value.split('\n')) if (line.length >= 12) out.add(line);
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(value)]).toString('base64');
    // Drop the characters that depend on the unknown neighbouring bytes.
    const stable = encoded.slice(Math.ceil((shift * 4) / 3) + 1, -4);
    out.add(stable);
    out.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out].filter((f) => f.length >= 12);
}

function leaks(result: SynthResult): string[] {
  const found: string[] = [];
  for (const file of result.files) {
    for (const [name, value] of Object.entries(VALUES)) {
      if (forms(value).some((f) => file.content.includes(f))) found.push(`${name} in ${file.path}`);
    }
  }
  return found;
}

const CERT = path.join(ROOT, '__tests__', 'fixtures', 'sealed-secrets', 'tls.crt');

type Source = 'keyVault' | 'sealedSecrets' | 'env';
const sources: Source[] = ['keyVault', 'sealedSecrets', 'env'];
const modes = ['argocd', 'helm', 'flux', 'k3s'] as const;

function config(source: Source, mode: (typeof modes)[number], setPassword: boolean, accountKey: boolean, optIn: boolean) {
  return parseConfig({
    ...minimalConfig(),
    objectStorage: { accountName: 'codecanvasdata', container: 'codecanvas', auth: accountKey ? 'accountKey' : 'workloadIdentity' },
    localAdministrator: { email: 'admin@example.com', setPassword },
    secrets: {
      source,
      allowPlaintextSecrets: optIn,
      keyVault: source === 'keyVault' ? { vaultUrl: 'https://codecanvas-kv.vault.azure.net/' } : undefined,
      sealedSecrets: source === 'sealedSecrets' ? { certificateFile: CERT } : undefined,
    },
    delivery: { mode },
    devEnvironmentClusters: [{ name: 'dev', keyVault: source === 'keyVault' ? { clientId: '2d7e9a41-5b3c-4f6d-8e1a-0c9b8a7f6e5d' } : undefined, jump: { enabled: true, instanceId: 'j' }, operator: { enabled: true, instanceId: 'o', image: 'registry.example.com/codecanvas-operator:1.0' } }],
  });
}

const cases = sources.flatMap((source) =>
  modes.flatMap((mode) => [false, true].flatMap((setPassword) => [false, true].flatMap((accountKey) => [false, true].map((optIn) => ({ source, mode, setPassword, accountKey, optIn }))))),
);

describe.each(cases)('source $source, delivery $mode, setPassword $setPassword, accountKey $accountKey, opt-in $optIn', ({ source, mode, setPassword, accountKey, optIn }) => {
  // Plaintext is unavoidable for the env source, and for an admin password that only fits into chart values.
  const needsPlaintext = source === 'env' || (setPassword && mode !== 'flux' && source !== 'keyVault');
  const impossible = setPassword && mode !== 'flux' && source === 'keyVault';

  // Synthesized inside the (one) test of each case, not at describe scope: mutation testing then knows which
  // test observes which code, instead of running every test for every mutant.
  const outcome = (): { result?: SynthResult; error?: unknown } => {
    try {
      const loaded = { config: config(source, mode, setPassword, accountKey, optIn), source: 'test.yaml', baseDir: ROOT };
      return { result: synthesize(loaded, { env: { ...VALUES } }) };
    } catch (error) {
      return { error };
    }
  };

  if (impossible) {
    test('refused: the admin password cannot come from Key Vault into inline chart values', () => {
      const { error } = outcome();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map(formatIssue)).toEqual([expect.stringMatching(/^localAdministrator\.setPassword: .*use delivery\.mode flux/)]);
    });
  } else if (needsPlaintext && !optIn) {
    test('refused without the opt-in, naming the fields and the safe alternatives', () => {
      // The config rules know it without synthesizing: every such problem comes in one report.
      const { error } = outcome();
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).issues.map(formatIssue).join('\n');
      expect(problems).toMatch(/allowPlaintextSecrets: true/);
      if (source === 'env') {
        expect(problems).toMatch(/^secrets\.allowPlaintextSecrets: (missing|is false); must be true with secrets\.source env.*keyVault.*sealedSecrets/m);
      }
      if (setPassword && mode !== 'flux') expect(problems).toMatch(/localAdministrator\.setPassword/);
    });
  } else if (needsPlaintext) {
    test('allowed with the opt-in, and every plaintext field is named in a warning', () => {
      const { result, error } = outcome();
      expect(error).toBeUndefined();
      expect(result!.warnings.length).toBeGreaterThan(0);
      if (source === 'env') expect(result!.warnings.join('\n')).toMatch(/secrets\.names\.databasePassword/);
      if (setPassword && mode !== 'flux') expect(result!.warnings.join('\n')).toMatch(/secrets\.names\.adminPassword/);
    });
  } else {
    test('no secret value anywhere in the output, in any encoding', () => {
      const { result, error } = outcome();
      expect(error).toBeUndefined();
      expect(result!.warnings).toEqual([]);
      expect(leaks(result!)).toEqual([]);
    });
  }
});

test('the scanner finds values in every encoding it claims to', () => {
  const value = VALUES.CODECANVAS_DB_PASSWORD;
  const probe = (content: string) => leaks({ files: [{ path: 'x', content }], warnings: [] });
  expect(probe(`password: ${value}`)).toEqual(['CODECANVAS_DB_PASSWORD in x']);
  expect(probe(Buffer.from(`DB_PASSWORD=${value}\n`).toString('base64'))).toEqual(['CODECANVAS_DB_PASSWORD in x']);
  expect(probe(Buffer.from(`xy${value}`).toString('base64url'))).toEqual(['CODECANVAS_DB_PASSWORD in x']);
  expect(probe(JSON.stringify({ k: VALUES.DEV_JUMP_SSH_HOST_KEY }))).toEqual(['DEV_JUMP_SSH_HOST_KEY in x']);
  expect(probe('nothing here')).toEqual([]);
});

test('the committed dist/ holds no private key material', () => {
  const all = fs.readdirSync(path.join(ROOT, 'dist'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const entry of all) {
    const content = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    expect(content).not.toMatch(/PRIVATE KEY-----\n[A-Za-z0-9+/]/);
  }
});

test('a master secret that is not Base64 of at least 32 bytes is refused where synth can see it', () => {
  const loaded = { config: config('env', 'argocd', false, false, true), source: 'test.yaml', baseDir: ROOT };
  const env = { ...VALUES, CODECANVAS_MASTER_SECRET: Buffer.alloc(16, 1).toString('base64') };
  expect(() => synthesize(loaded, { env })).toThrow(
    'secrets.names.masterSecret: the value of environment variable CODECANVAS_MASTER_SECRET must be Base64 that decodes to at least 32 bytes (generate one with: openssl rand -base64 32)',
  );
  expect(() => synthesize(loaded, { env: { ...VALUES, CODECANVAS_MASTER_SECRET: 'not base64!' } })).toThrow(/CODECANVAS_MASTER_SECRET must be Base64/);
});

/**
 * Credentials in URL fields and secrets in chart values, through the CLI as a user runs it: each is refused (exit
 * 1, the output folder untouched) and no message, on stderr or in `validate --json`, holds the secret in any form.
 * With the opt-in a chart value is written on purpose, and the warning names the field without the value.
 */
describe('credentials and secret-shaped values never reach a message or the output', () => {
  const SECRET = 'Leak8cred3ntialQz';
  const GH = `ghp_${SECRET}0123456789abcdefABCDEF`;
  const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.${SECRET}`;
  const kinds: [string, string, unknown][] = [
    ['gitops.repoURL', 'https user and token', `https://user:${SECRET}@git.example.com/r.git`],
    ['gitops.repoURL', 'token as https user', `https://${GH}@github.com/acme/r.git`],
    ['gitops.repoURL', 'private_token query', `https://gitlab.example.com/acme/r.git?private_token=${SECRET}`],
    ['gitops.repoURL', 'ssh password', `ssh://git:${SECRET}@git.example.com/acme/r.git`],
    ['devEnvironmentClusters.0.argocdDestinationServer', 'user-info', `https://admin:${SECRET}@k8s.example.com`],
    ['devEnvironmentClusters.0.argocdDestinationServer', 'token query', `https://k8s.example.com?token=${SECRET}`],
    ['objectStorage.endpoint', 'SAS token', `https://codecanvasdata.blob.core.windows.net/?sv=2022-11-02&sig=${SECRET}`],
    ['objectStorage.endpoint', 'user-info', `https://codecanvasdata:${SECRET}@blob.example.com/`],
    ['secrets.keyVault.vaultUrl', 'user-info', `https://u:${SECRET}@codecanvas-kv.vault.azure.net/`],
    ['database.host', 'user:password@host', `codecanvas:${SECRET}@pg.example.com`],
    ['application.chart.repository', 'user-info', `oci://robot:${SECRET}@registry.example.com/charts`],
    ['devEnvironmentClusters.0.relay.chart.repository', 'token as user', `oci://${GH}@ghcr.io/acme/charts`],
    ['application.values.postgresql.auth.postgresPassword', 'key that names a secret', SECRET],
    ['application.values.storage.connectionString', 'AccountKey=', `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${SECRET}==;EndpointSuffix=core.windows.net`],
    ['application.values.sso.token', 'JWT', JWT],
    ['devEnvironmentClusters.0.jump.values.note', 'token prefix', GH],
    ['devEnvironmentClusters.0.operator.instanceId', 'JWT in a plain field', JWT],
  ];

  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cc-secret-leaks-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function write(name: string, field: string, value: unknown, optIn = false): { file: string; outdir: string } {
    const base = withField(withField(withField(minimalConfig() as Record<string, any>, 'gitops', { repoURL: 'https://github.com/acme/platform.git' }), 'secrets.allowPlaintextSecrets', optIn || undefined), 'devEnvironmentClusters', [
      { name: 'dev', jump: { enabled: true, instanceId: 'j' }, operator: { enabled: true, instanceId: 'o', image: 'registry.example.com/codecanvas-operator:1.0' } },
    ]);
    const dir = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'codecanvas.yaml');
    fs.writeFileSync(file, require('js-yaml').dump(withField(base, field, value)));
    const outdir = path.join(dir, 'out');
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'MARKER'), 'previous output');
    return { file, outdir };
  }

  async function run(argv: string[], cwd: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  const inAnyForm = (text: string) => forms(SECRET).some((f) => text.includes(f));

  test.each(kinds)('%s (%s): refused by synth and validate, never echoed', async (field, kind, value) => {
    const { file, outdir } = write(`${field} ${kind}`, field, value);
    const synth = await run(['synth', '--config', file, '--out', outdir], path.dirname(file));
    const validate = await run(['validate', '--config', file, '--json'], path.dirname(file));
    const fieldShown = field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    expect({
      code: synth.code,
      namesField: synth.stderr.includes(fieldShown),
      echoed: inAnyForm(synth.stderr + synth.stdout),
      output: fs.readdirSync(outdir),
      validate: validate.code,
      validateNamesField: validate.stdout.includes(fieldShown),
      validateEchoed: inAnyForm(validate.stdout + validate.stderr),
    }).toEqual({ code: 1, namesField: true, echoed: false, output: ['MARKER'], validate: 1, validateNamesField: true, validateEchoed: false });
  });

  test.each(kinds.filter(([field]) => field.includes('.values.')))('%s (%s): with the opt-in written on purpose, the warning names the field, not the value', async (field, _kind, value) => {
    const { file, outdir } = write(`opt-in ${field}`, field, value, true);
    const synth = await run(['synth', '--config', file, '--out', outdir], path.dirname(file));
    const written = fs.readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
    expect({
      code: synth.code,
      warns: synth.stderr.includes(`warning: ${field.replace(/\.(\d+)(?=\.|$)/g, '[$1]')} (chart values) is written in plain text`),
      echoed: inAnyForm(synth.stderr + synth.stdout),
      written: written.some(inAnyForm),
    }).toEqual({ code: 0, warns: true, echoed: false, written: true });
  });
});

/**
 * stdout is masked as a whole by the one masking rule, as stderr is: results printed there (paths, diff's before and
 * after values, plan's tables, JSON reports) end up in CI logs too. Each command prints a secret-shaped text it
 * was given (a token in a folder name, a flag value, a committed manifest) and the token never reaches stdout.
 */
describe('no secret-shaped text reaches stdout of any command', () => {
  const TOKEN = 'ghp_Leak9StdoutAbCdEf0123456789AbCdEf01';
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJMZWFrOSJ9.Leak9sig0123456789AbCdEf';
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cc-stdout-'));
    // A folder named like a token: every path a command prints carries it.
    dir = path.join(dir, TOKEN);
    fs.mkdirSync(dir);
    file = path.join(dir, 'codecanvas.yaml');
    fs.writeFileSync(file, require('js-yaml').dump(minimalConfig()));
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd: dir });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }
  const leaked = (r: { stdout: string; stderr: string }) => [TOKEN, JWT, 'Leak9'].filter((t) => r.stdout.includes(t) || r.stderr.includes(t));

  test('validate and validate --json print the config path masked', async () => {
    for (const argv of [['validate', '--config', file], ['validate', '--config', file, '--json']]) {
      const r = await run(argv);
      expect({ code: r.code, leaked: leaked(r), masked: r.stdout.includes(path.join(path.dirname(dir), 'ghp_***')) }).toEqual({ code: 0, leaked: [], masked: true });
    }
  });

  test('synth prints the output folder masked', async () => {
    const r = await run(['synth', '--config', file, '--out', path.join(dir, 'out')]);
    expect({ code: r.code, leaked: leaked(r), says: /^synthesized .*ghp_\*\*\*\/codecanvas\.yaml into .*ghp_\*\*\*\/out\//.test(r.stdout) }).toEqual({ code: 0, leaked: [], says: true });
  });

  test("diff masks a committed value in its before/after lines, and the folder in --json", async () => {
    const out = path.join(dir, 'diff-out');
    expect((await run(['synth', '--config', file, '--out', out])).code).toBe(0);
    // A token someone committed by hand into an annotation: diff shows the value it removes.
    const manifest = path.join(out, 'application', '00-namespaces.yaml');
    const text = fs.readFileSync(manifest, 'utf8');
    expect(text).toContain('  annotations:\n');
    fs.writeFileSync(manifest, text.replace('  annotations:\n', `  annotations:\n    note: ${JWT}\n`));
    const r = await run(['diff', '--config', file, '--out', out]);
    expect({ code: r.code, leaked: leaked(r), shown: /note: "\*\*\*" -> \(none\)/.test(r.stdout) }).toEqual({ code: 3, leaked: [], shown: true });
    const json = await run(['diff', '--config', file, '--out', out, '--json']);
    expect({ code: json.code, leaked: leaked(json), outdir: JSON.parse(json.stdout).outdir }).toEqual({ code: 3, leaked: [], outdir: path.join(path.dirname(dir), 'ghp_***', 'diff-out') });
  });

  test('plan masks a VM size name given as a flag value, in Markdown and JSON', async () => {
    const flags = ['--developers', '10', '--envs-per-developer', '1', '--env-vcpu', '4', '--env-memory-gib', '8', '--strategy', 'many-per-node', '--vm-size', TOKEN, '--vcpu', '16', '--memory-gib', '64'];
    for (const extra of [[], ['--json']]) {
      const r = await run(['plan', ...flags, ...extra]);
      expect({ code: r.code, leaked: leaked(r), masked: r.stdout.includes('ghp_***') }).toEqual({ code: 0, leaked: [], masked: true });
    }
  });

  test('every command dispatched by main writes through the one masked stdout and stderr (preflight and upgrade-check too)', () => {
    const out: string[] = [];
    const io = maskedIO({ stdout: (s) => out.push(`out:${s}`), stderr: (s) => out.push(`err:${s}`), env: {}, cwd: dir });
    io.stdout(`token ${TOKEN}\n`);
    io.stderr(`jwt ${JWT}\n`);
    expect(out).toEqual(['out:token ghp_***\n', 'err:jwt ***\n']);
  });

  test('keys lists the files it wrote with the folder masked', async () => {
    const r = await run(['keys', '--config', file, '--out', path.join(dir, 'keys')]);
    expect({ code: r.code, leaked: leaked(r), listed: r.stdout.includes(path.join(path.dirname(dir), 'ghp_***', 'keys')) }).toEqual({ code: 0, leaked: [], listed: true });
  });
});
