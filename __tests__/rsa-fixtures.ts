/**
 * `crypto` with 2048- and 4096-bit RSA generation answered from committed test keys (fixtures/keys/), for test files
 * that run the `keys` command many times (a 2048-bit key takes tens of milliseconds to make, a 4096-bit one seconds). Use at the top of a test file:
 *
 *   jest.mock('crypto', () => require('./rsa-fixtures').cryptoWithFixtureRsa(jest.requireActual('crypto')));
 *
 * Every other call goes to the real module. The requests it answered are recorded in `rsaRequests`, so a test can
 * assert what the code asked for (size and exponent) without paying for the generation.
 */
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.join(__dirname, 'fixtures', 'keys');
const pems = (bits: number) =>
  fs.readdirSync(DIR).filter((f) => f.startsWith(`rsa${bits}-`) && f.endsWith('.pem')).sort().map((f) => fs.readFileSync(path.join(DIR, f), 'utf8'));
const PEMS: Record<number, string[]> = { 2048: pems(2048), 4096: pems(4096) };

/** The options of each RSA generation that a fixture answered, in order. */
export const rsaRequests: Record<string, unknown>[] = [];

let next = 0;

export function cryptoWithFixtureRsa(actual: typeof import('crypto')): typeof import('crypto') {
  const generateKeyPairSync = (type: string, options?: Record<string, any>) => {
    const pool = type === 'rsa' && !options?.privateKeyEncoding && !options?.publicKeyEncoding ? PEMS[options?.modulusLength] : undefined;
    if (pool) {
      rsaRequests.push({ ...options });
      const pem = pool[next++ % pool.length];
      return { privateKey: actual.createPrivateKey(pem), publicKey: actual.createPublicKey(pem) };
    }
    return (actual.generateKeyPairSync as (...a: unknown[]) => unknown)(type, options);
  };
  return { ...actual, generateKeyPairSync } as typeof import('crypto');
}

/** One committed 2048- or 4096-bit test key (1-6) as a key pair, for tests that need an RSA key but not a new one. */
export function fixtureRsaKeyPair(bits: 2048 | 4096, n: number): { privateKey: import('crypto').KeyObject; publicKey: import('crypto').KeyObject } {
  const crypto = jest.requireActual('crypto') as typeof import('crypto');
  const pem = PEMS[bits][n - 1];
  if (pem === undefined) throw new Error(`no test key rsa${bits}-${n}.pem in ${DIR}`);
  return { privateKey: crypto.createPrivateKey(pem), publicKey: crypto.createPublicKey(pem) };
}
