import * as path from 'path';
// js-yaml (a devDependency, used by tests only): an implementation independent of the yaml package that the
// library and the command read and write with, so a test that reads the output or a config with it does not share
// that package's mistakes (see CONTRIBUTING.md, the output writer).
import * as yaml from 'js-yaml';
import * as fs from 'fs';
import { App, Chart, Testing } from 'cdk8s';
import { CodeCanvasConfig } from '../lib/config/schema';

export const ROOT = path.resolve(__dirname, '..');

/**
 * `examples/<file>` parsed by js-yaml, as a fresh copy each call (callers change it freely). The file is read and
 * parsed once per test file: it does not change while tests run, and a copy is a fraction of a parse.
 */
const parsedExamples = new Map<string, Record<string, any>>();
export function exampleFile(file: string): Record<string, any> {
  let parsed = parsedExamples.get(file);
  if (parsed === undefined) {
    parsed = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')) as Record<string, any>;
    parsedExamples.set(file, parsed);
  }
  return structuredClone(parsed);
}

/** The embedded example as a plain object, for tests that change one field at a time. */
export function exampleConfig(): Record<string, any> {
  return exampleFile('aks.yaml');
}

/** A valid minimal config: only required fields. */
export function minimalConfig(): CodeCanvasConfig {
  return {
    licenseAgreementAccepted: true,
    namespace: 'codecanvas',
    domain: 'codecanvas.example.com',
    ingress: { className: 'nginx', clusterIssuer: 'letsencrypt-prod' },
    workloadIdentity: { clientId: '6f1c2f3e-8a4b-4c5d-9e0f-123456789abc', serviceAccountName: 'codecanvas' },
    database: { host: 'pg.example.com', name: 'codecanvas', username: 'codecanvas' },
    objectStorage: { accountName: 'codecanvasdata', container: 'codecanvas' },
    localAdministrator: { email: 'admin@example.com' },
    secrets: { keyVault: { vaultUrl: 'https://codecanvas-kv.vault.azure.net/' } },
  };
}

/** Key Vault URLs the rule refuses (scheme, suffix, path, port, vault name), for the corpus and the agreement test. */
export const REFUSED_KEY_VAULT_URLS = [
  'http://codecanvas-kv.vault.azure.net/',
  'https://codecanvas-kv.vault.example.com/',
  'https://codecanvas-kv.vault.azure.net/secrets/x',
  'https://codecanvas-kv.vault.azure.net:8443/',
  'https://kv.vault.azure.net/',
  'https://1codecanvas.vault.azure.net/',
  'https://codecanvas--kv.vault.azure.net/',
  'https://codecanvas-kv-.vault.azure.net/',
  'https://codecanvas-key-vault-is-too-long.vault.azure.net/',
  'https://codecanvas_kv.vault.azure.net/',
  'codecanvas-kv.vault.azure.net',
];

/** Sets `value` at a dotted path such as `database.port` or `devEnvironmentClusters.0.name`. */
export function withField(config: Record<string, any>, dotted: string, value: unknown): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(config));
  const parts = dotted.split('.');
  let at = copy;
  for (const part of parts.slice(0, -1)) {
    if (at[part] === undefined) at[part] = /^\d+$/.test(part) ? [] : {};
    at = at[part];
  }
  if (value === undefined) delete at[parts[parts.length - 1]];
  else at[parts[parts.length - 1]] = value;
  return copy;
}

/** A sealing key for tests only: public, so it protects nothing (never use it for a real installation). */
export const TEST_ONLY_SEALING_KEY = Buffer.alloc(32, 0x5e).toString('base64');

/** Fake values for every env-sourced secret, for synthesizing the env and sealed examples in tests. */
export function fakeSecretEnv(clusters: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    CODECANVAS_DB_PASSWORD: 'test-db-password-5f2c',
    CODECANVAS_MASTER_SECRET: Buffer.alloc(32, 7).toString('base64'),
    CODECANVAS_STORAGE_ACCOUNT_KEY: 'test-account-key-9a1b',
    CODECANVAS_ADMIN_PASSWORD: 'test-admin-password-3c4d',
    // TEST-ONLY sealing key (a constant, public by being here): makes sealed output reproducible in tests.
    CODECANVAS_SEALING_KEY: TEST_ONLY_SEALING_KEY,
  };
  for (const c of clusters) {
    const p = c.toUpperCase().replace(/-/g, '_');
    env[`${p}_JUMP_JWT_PRIVATE_KEY`] = `test-jump-jwt-${c}`;
    env[`${p}_JUMP_SSH_HOST_KEY`] = `test-jump-ssh-${c}`;
    env[`${p}_OPERATOR_JWT_PRIVATE_KEY`] = `test-operator-jwt-${c}`;
  }
  return env;
}

/** Every file under `dir` by its path relative to it ("/"-separated), with its text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The error that `f` throws; the test fails when it throws nothing. */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw, but nothing was thrown');
}

/**
 * An App for tests that synthesize in memory (Testing.synth, toJson): cdk8s's Testing.app() with an output folder
 * that is never made. Testing.app() alone makes a temporary folder for every app (2,400 in a run of npm test, each
 * then removed), though none of these apps is synthesized to disk; a test that does write gives its App an outdir of
 * its own.
 */
export function testApp(): App {
  return Testing.app({ outdir: path.join(ROOT, 'test-app-output-never-written') });
}

/** A Chart in a testApp(), as cdk8s's Testing.chart() makes one in a Testing.app(). */
export function testChart(): Chart {
  return new Chart(testApp(), 'test');
}
