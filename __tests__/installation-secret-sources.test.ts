// CodeCanvasInstallation's secret sources (lib/codecanvas-installation.ts): the application's and each dev cluster's
// own are built up front, so that the problems of all of them (certificates, the sealing key, the variables they
// read) come in one ConfigError, each line once; an error that is no config problem is not turned into one.
import * as path from 'path';
import { App } from 'cdk8s';
import { CodeCanvasInstallation } from '../lib/codecanvas-installation';
import { ConfigError, formatIssue } from '../lib/config/errors';
import { loadConfigFile } from '../lib/config/load';
import type { ResolvedConfig } from '../lib/config/config-types';
import { fakeSecretEnv, ROOT } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures', 'sealed-secrets');
const ENV = fakeSecretEnv(['dev-northeurope']);

/** The Sealed Secrets example with the top-level certificate `top` and the dev cluster's own `own` (none: shared). */
function sealedConfig(top: string, own?: string): ResolvedConfig {
  const config = JSON.parse(JSON.stringify(loadConfigFile(path.join(ROOT, 'examples', 'flux-sealed-secrets.yaml')).config));
  config.secrets.sealedSecrets.certificateFile = top;
  if (own !== undefined) config.devEnvironmentClusters[0].sealedSecrets = { certificateFile: own };
  return config;
}

/** The lines of the ConfigError that building the installation throws (none when it builds). */
function reported(config: ResolvedConfig, env: NodeJS.ProcessEnv, source?: string): { message: string; lines: string[] } | undefined {
  try {
    new CodeCanvasInstallation(new App(), 'CodeCanvas', { config, env, baseDir: FIXTURES, ...(source ? { source } : {}) });
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { message: e.message, lines: e.issues.map(formatIssue) };
  }
}

describe('the secret sources\' config problems, all at once and each once', () => {
  test('both certificates fine: it builds', () => {
    expect(reported(sealedConfig('tls.crt', 'second.crt'), ENV)).toBeUndefined();
  });

  test('a malformed sealing key, met by the application\'s source, the cluster\'s own and the variable check: one line', () => {
    const r = reported(sealedConfig('tls.crt', 'second.crt'), { ...ENV, CODECANVAS_SEALING_KEY: 'short' });
    expect(r?.lines).toEqual([expect.stringMatching(/^environment variable CODECANVAS_SEALING_KEY: is "\(hidden\)"; must be Base64 of at least 32 random bytes/)]);
  });

  test('the same missing file named by both certificate fields: a line for each field', () => {
    const missing = path.join(FIXTURES, 'nope.pem');
    const r = reported(sealedConfig('nope.pem', 'nope.pem'), ENV);
    expect(r?.lines).toEqual([
      `secrets.sealedSecrets.certificateFile: is "nope.pem"; names ${missing}, which does not exist`,
      `devEnvironmentClusters[0].sealedSecrets.certificateFile: is "nope.pem"; names ${missing}, which does not exist`,
    ]);
  });

  test('with a certificate problem, a variable with two problems gets both lines', () => {
    const r = reported(sealedConfig('nope.pem'), { ...ENV, CODECANVAS_MASTER_SECRET: 'Leak7\u200b', CODECANVAS_DB_PASSWORD: undefined });
    expect(r?.lines.map((l) => l.replace(/; .*\((secrets\.names\.\w+) reads .*$/, ' ($1)').replace(/; names .*$/, ''))).toEqual([
      'secrets.sealedSecrets.certificateFile: is "nope.pem"',
      'environment variable CODECANVAS_DB_PASSWORD: is required: secrets.names.databasePassword reads the PostgreSQL password from it, and it is not set (or empty)',
      'environment variable CODECANVAS_MASTER_SECRET: is "(hidden)" (secrets.names.masterSecret)',
      'environment variable CODECANVAS_MASTER_SECRET: is "(hidden)" (secrets.names.masterSecret)',
    ]);
    expect(r?.lines[2]).not.toBe(r?.lines[3]);
    expect(r?.lines.join('\n')).not.toContain('Leak7');
  });

  test('the report names the config as "config" unless told its source', () => {
    expect(reported(sealedConfig('nope.pem'), ENV)?.message).toMatch(/^config: 1 problem found\n/);
    expect(reported(sealedConfig('nope.pem'), ENV, 'my.yaml')?.message).toMatch(/^my\.yaml: 1 problem found\n/);
  });

  test('an error that is no config problem (the environment cannot be read) is thrown as it is', () => {
    const env = new Proxy(ENV, {
      get: (target, name) => {
        if (name === 'CODECANVAS_SEALING_KEY') throw new Error('the environment cannot be read');
        return target[name as string];
      },
    });
    expect(() => new CodeCanvasInstallation(new App(), 'CodeCanvas', { config: sealedConfig('tls.crt'), env, baseDir: FIXTURES })).toThrow(
      new Error('the environment cannot be read'),
    );
  });
});

describe('notes', () => {
  test('without a sealing key: the output churns, and how to make it stable', () => {
    const installation = new CodeCanvasInstallation(new App(), 'CodeCanvas', {
      config: sealedConfig('tls.crt'),
      env: { ...ENV, CODECANVAS_SEALING_KEY: undefined },
      baseDir: FIXTURES,
    });
    expect(installation.notes).toEqual([
      'CODECANVAS_SEALING_KEY is not set: SealedSecrets are sealed with fresh random keys, so every synth changes them (the output churns). ' +
        'Generate a sealing key once with `codecanvas-cdk8s keys` and keep it in the environment of every synth, outside Git.',
    ]);
    expect(new CodeCanvasInstallation(new App(), 'CodeCanvas', { config: sealedConfig('tls.crt'), env: ENV, baseDir: FIXTURES }).notes).toEqual([]);
  });
});
