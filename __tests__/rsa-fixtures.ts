/**
 * `crypto` with 4096-bit RSA generation answered from committed test keys (fixtures/keys/), for test files that run
 * the `keys` command many times. Use at the top of a test file:
 *
 *   jest.mock('crypto', () => require('./rsa-fixtures').cryptoWithFixtureRsa(jest.requireActual('crypto')));
 *
 * Every other call goes to the real module. The requests it answered are recorded in `rsaRequests`, so a test can
 * assert what the code asked for (size and exponent) without paying for the generation.
 */
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, 'fixtures', 'keys');
const PEMS = fs.readdirSync(DIR).filter((f) => /^rsa4096-\d+\.pem$/.test(f)).sort().map((f) => fs.readFileSync(path.join(DIR, f), 'utf8'));

/** The options of each 4096-bit RSA generation that a fixture answered, in order. */
export const rsaRequests: Record<string, unknown>[] = [];

let next = 0;

export function cryptoWithFixtureRsa(actual: typeof import('crypto')): typeof import('crypto') {
  const generateKeyPairSync = (type: string, options?: Record<string, any>) => {
    if (type === 'rsa' && options?.modulusLength === 4096 && !options.privateKeyEncoding && !options.publicKeyEncoding) {
      rsaRequests.push({ ...options });
      const pem = PEMS[next++ % PEMS.length];
      return { privateKey: actual.createPrivateKey(pem), publicKey: actual.createPublicKey(pem) };
    }
    return (actual.generateKeyPairSync as (...a: unknown[]) => unknown)(type, options);
  };
  return { ...actual, generateKeyPairSync } as typeof import('crypto');
}
