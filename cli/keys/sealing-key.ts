/**
 * The sealing key: a secret that keys the deterministic sealing of `secrets.source: sealedSecrets` (see
 * `lib/secrets/seal.ts`). It never enters Git; whoever synthesizes holds it in the environment variable
 * `CODECANVAS_SEALING_KEY`, generated once by the `keys` command.
 */
import * as crypto from 'crypto';
import { SEALING_KEY_ENV, SEALING_KEY_MIN_BYTES } from '../../lib/secrets/seal';
import { KEYS_PRIVATE_FILE_HEADER } from '../../lib/util/names';
import { shellQuote } from '../../lib/util/shell';

export { SEALING_KEY_ENV } from '../../lib/secrets/seal';

/** 32 random bytes, Base64: a new `CODECANVAS_SEALING_KEY`. */
export function generateSealingKey(): string {
  return crypto.randomBytes(SEALING_KEY_MIN_BYTES).toString('base64');
}

/** The file the keys command writes it to (mode 0600), next to the other private material. */
export const SEALING_KEY_FILE = 'sealing-key.env';

/** `sealing-key.env`: one `export CODECANVAS_SEALING_KEY=...` line with comments. */
export function sealingKeyFile(key: string = generateSealingKey()): { name: string; content: string; mode: number } {
  return {
    name: SEALING_KEY_FILE,
    content:
      `${KEYS_PRIVATE_FILE_HEADER} (a password manager or the CI secret store).\n` +
      '# Keys the sealing of secrets.source sealedSecrets so the same values give the same SealedSecrets for whoever\n' +
      '# holds it, while nobody without it can confirm a guessed value from the committed ciphertext.\n' +
      '# Load before synth: set -a; . ./sealing-key.env; set +a\n' +
      `export ${SEALING_KEY_ENV}=${shellQuote(key)}\n`,
    mode: 0o600,
  };
}
