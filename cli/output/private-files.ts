/**
 * Private files in the output folder. The output folder is committed to Git, and synth keeps the files there that it
 * did not write; a private key or a secret among them would be committed with the output. This tells such a file
 * by its content (never quoting it): a PEM private key, a private file of the keys command, a bare master secret,
 * or an env file that sets one of the installation's secret variables.
 */
import { PRIVATE_KEY_MARKER } from '../../lib/config/secret-rules';
import { CLUSTER_SECRET_NAMES, DEFAULT_SECRET_KEYS, envVarName, KEYS_PRIVATE_FILE_HEADER, SEALING_KEY_ENV } from '../../lib/util/names';

/** The installation's secret environment variables: fixed names, and the per-cluster ones by their suffix. */
const SECRET_ENV_NAMES = [...Object.values(DEFAULT_SECRET_KEYS.env), SEALING_KEY_ENV];
const SECRET_ENV_SUFFIXES = CLUSTER_SECRET_NAMES.map((name) => envVarName(name, 'x').slice('X_'.length));

/** `NAME=value` or `export NAME=value` with a non-empty value, at the start of a line. */
const ENV_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*\S/gm;

/** What the keys command writes for a master secret in Key Vault format: 32 random bytes in Base64, nothing else. */
const BARE_MASTER_SECRET = /^\s*[A-Za-z0-9+/]{43}=\s*$/;

/** Why `content` is private (a phrase following the file's name), or undefined when nothing in it looks private. */
export function privateContentReason(content: string): string | undefined {
  if (PRIVATE_KEY_MARKER.test(content)) return 'holds a private key';
  if (content.includes(KEYS_PRIVATE_FILE_HEADER)) return 'is a private file of the keys command';
  if (BARE_MASTER_SECRET.test(content)) return 'holds only a Base64 secret of 32 bytes (what the keys command writes for the master secret)';
  for (const match of content.matchAll(ENV_ASSIGNMENT)) {
    const name = match[1];
    if (SECRET_ENV_NAMES.includes(name) || SECRET_ENV_SUFFIXES.some((suffix) => name.endsWith(`_${suffix}`))) return `sets the secret environment variable ${name}`;
  }
  return undefined;
}

/** Files in the output folder that synth would keep although they are private (or cannot be checked). */
export class PrivateOutputFileError extends Error {
  constructor(readonly files: readonly { readonly file: string; readonly reason: string }[]) {
    super(
      `refusing to keep ${files.length === 1 ? 'a file' : 'files'} in the output folder, which is committed to Git (nothing was written):\n` +
        `${files.map((f) => `  ${f.file} ${f.reason}`).join('\n')}\n` +
        `move ${files.length === 1 ? 'it' : 'them'} out of the output folder (keep private keys and secrets outside the Git work tree, ` +
        'or in the secret store), and synthesize again; if one was ever committed, treat its keys as leaked and generate new ones',
    );
    this.name = 'PrivateOutputFileError';
  }
}
