/**
 * The environment variables a config's secret source reads (secrets.source env or sealedSecrets), known from the
 * config as written, before or without validation: so that a missing or malformed variable is reported in the same
 * run as the config's own problems, not in a second run once those are fixed. Where the config is broken in a way
 * that hides whether a variable is needed (an unknown secrets.source, a cluster without a name), that variable is
 * left out: only what can be known is reported.
 *
 * The charts read the same variables through secretRef and clusterSecretRef (secret-names.ts) when they build the
 * output; a test holds both lists equal for valid configs.
 */
import { adminPasswordRule } from '../config/delivery-rules';
import { ConfigIssue } from '../config/errors';
import { isValidMasterSecret, MASTER_SECRET_RULE } from '../config/rules';
import { ValueRule } from '../constructs/secret-source';
import { secretValueTextProblem } from '../secrets/env-secret-source';
import { parseSealingKey, SEALING_KEY_ENV } from '../secrets/seal';
import { ClusterSecretName, clusterSecretKey, DEFAULT_SECRET_KEYS, SecretName } from '../util/names';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const section = (x: unknown, key: string): Loose => (isObject(x) && isObject(x[key]) ? x[key] : {});

/** One environment variable the secret source reads, and the config field that makes it read. */
export interface SecretVariable {
  /** The variable's name. */
  readonly variable: string;
  /** The config field that names or needs it, as the charts' messages name it. */
  readonly field: string;
  /** What its value is, for messages. */
  readonly purpose: string;
  /** A check of the value beyond being set. */
  readonly check?: ValueRule;
}

const PURPOSE: Record<SecretName, string> = {
  databasePassword: 'the PostgreSQL password',
  masterSecret: 'the CodeCanvas master secret',
  storageAccountKey: 'the Blob Storage account key (objectStorage.auth: accountKey)',
  adminPassword: 'the local administrator password (localAdministrator.setPassword: true)',
};

const CLUSTER_PURPOSE: Record<ClusterSecretName, string> = {
  jumpJwtPrivateKey: "the jump server's JWT private key",
  jumpSshHostKey: "the jump server's SSH host key",
  operatorJwtPrivateKey: "the operator's JWT private key",
};

/** Whether a release of a dev cluster is written (enabled, with its instance ID): only then are its secrets read. */
const written = (release: unknown): boolean => isObject(release) && release.enabled === true && typeof release.instanceId === 'string' && release.instanceId !== '';

/**
 * Every environment variable the secret source of `raw` reads, in the order the charts read them; none for
 * secrets.source keyVault (the default) or a source this project does not know.
 */
export function secretVariables(raw: unknown): SecretVariable[] {
  const secrets = section(raw, 'secrets');
  // Unset is keyVault (the default), which reads no variable.
  const source: 'env' | 'sealedSecrets' | undefined = secrets.source === 'env' || secrets.source === 'sealedSecrets' ? secrets.source : undefined;
  if (source === undefined) return [];
  const names = section(secrets, 'names');
  const installation = (name: SecretName): SecretVariable => ({
    variable: typeof names[name] === 'string' && names[name] !== '' ? names[name] : DEFAULT_SECRET_KEYS.env[name],
    field: `secrets.names.${name}`,
    purpose: PURPOSE[name],
    check: name === 'masterSecret' ? { test: isValidMasterSecret, rule: MASTER_SECRET_RULE } : undefined,
  });
  const out = [installation('databasePassword'), installation('masterSecret')];
  if (section(raw, 'objectStorage').auth === 'accountKey') out.push(installation('storageAccountKey'));
  // Only flux passes the password without the values: an unset mode (argocd by default) is not flux.
  const mode = String(section(raw, 'delivery').mode);
  // The env source needs the plaintext opt-in in any case (a config rule), so the password's need does not hang on
  // it; elsewhere, where the password cannot be passed (a rule of the config says so), it depends on the fix.
  const allowPlaintext = source === 'env' || secrets.allowPlaintextSecrets === true;
  if (section(raw, 'localAdministrator').setPassword === true && !adminPasswordRule(mode, source, allowPlaintext)) {
    out.push(installation('adminPassword'));
  }
  // Stryker disable next-line ArrayDeclaration: an element that is not an object is skipped below, so a list of such elements reads what none does
  const clusters: unknown[] = isObject(raw) && Array.isArray(raw.devEnvironmentClusters) ? raw.devEnvironmentClusters : [];
  clusters.forEach((cluster, index) => {
    if (!isObject(cluster) || typeof cluster.name !== 'string' || cluster.name === '') return;
    const read: ClusterSecretName[] = [
      ...(written(cluster.jump) ? (['jumpJwtPrivateKey', 'jumpSshHostKey'] as const) : []),
      ...(written(cluster.operator) ? (['operatorJwtPrivateKey'] as const) : []),
    ];
    for (const name of read) {
      out.push({
        variable: clusterSecretKey(source, cluster.name, name),
        field: `devEnvironmentClusters[${index}] (${name})`,
        purpose: `${CLUSTER_PURPOSE[name]} of cluster ${cluster.name}`,
      });
    }
  });
  return out;
}

/**
 * The problems of the environment variables `raw`'s secret source reads from `env`: each one not set (or empty),
 * each value that breaks its rule or the rule of config strings (never shown), and a malformed sealing key
 * (secrets.source sealedSecrets). Each names the variable and the field that needs it.
 */
export function secretVariableIssues(raw: unknown, env: NodeJS.ProcessEnv): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const v of secretVariables(raw)) {
    // Two fields read from one variable are refused by the config rules; the variable is reported once.
    if (seen.has(v.variable)) continue;
    seen.add(v.variable);
    const path = `environment variable ${v.variable}`;
    const value = env[v.variable];
    if (value === undefined || value === '') {
      issues.push({ path, value: undefined, rule: `is required: ${v.field} reads ${v.purpose} from it, and it is not set (or empty)` });
      continue;
    }
    const problems = [secretValueTextProblem(value), v.check && !v.check.test(value) ? v.check.rule : undefined].filter((p): p is string => p !== undefined);
    for (const problem of problems) issues.push({ path, value: '(hidden)', rule: `${problem} (${v.field} reads ${v.purpose} from it)` });
  }
  const sealingKey = env[SEALING_KEY_ENV];
  if (section(raw, 'secrets').source === 'sealedSecrets' && sealingKey !== undefined && sealingKey !== '') {
    const parsed = readSealingKey(sealingKey);
    if (typeof parsed === 'string') issues.push(sealingKeyIssue(parsed));
  }
  return issues;
}

/**
 * The sealing key in `text` (CODECANVAS_SEALING_KEY), or why it is refused: a hidden character (named by the rule of
 * config strings; the whitespace around it is dropped, as parseSealingKey does), or what parseSealingKey refuses.
 */
export function readSealingKey(text: string): Buffer | string {
  return secretValueTextProblem(text.trim()) ?? parseSealingKey(text);
}

/** The problem of a sealing key that readSealingKey refuses (`rule`), as secretSourceFor reports it. */
export function sealingKeyIssue(rule: string): ConfigIssue {
  return { path: `environment variable ${SEALING_KEY_ENV}`, value: '(hidden)', rule };
}
