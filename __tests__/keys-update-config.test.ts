// `keys --update-config` (cli/keys/update-config.ts), called directly on config texts written here: which entries
// get the new relay key, how it is written, what counts as a replacement, and the refusals with their exact text.
import { createHash } from 'crypto';
import * as yaml from 'js-yaml';
import { KeyMaterial } from '../cli/keys/generate';
import { KeysCommandError } from '../cli/keys/keys-files';
import { fingerprint, prepareConfigUpdate, updateConfigText } from '../cli/keys/update-config';
import { UnreadableFileError } from '../lib/util/read-file';
import { thrown } from './helpers';

const pem = (label: string) => `-----BEGIN PUBLIC KEY-----\n${label}\n-----END PUBLIC KEY-----\n`;
const material = (...names: string[]): KeyMaterial => ({
  masterSecret: 'm',
  clusters: names.map((cluster) => {
    const pair = { privateKeyPem: 'private', publicKeyPem: pem(`${cluster}-new`) };
    return { cluster, relayJwt: pair, jumpJwt: pair, operatorJwt: pair, jumpSshHostKey: { privateKeyPem: 'p', publicKeyOpenSsh: 'ssh-rsa x' } };
  }),
});
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;

describe('fingerprint', () => {
  test('sha256: and the first 12 hex digits of the SHA-256 of the trimmed text', () => {
    expect(fingerprint('abc')).toBe('sha256:ba7816bf8f01');
    expect(fingerprint('  abc\n')).toBe('sha256:ba7816bf8f01');
    expect(fingerprint('')).toBe(sha(''));
    expect(fingerprint('a b')).toBe(sha('a b'));
  });
});

describe('updateConfigText', () => {
  const CONFIG = [
    '# top comment',
    'namespace: codecanvas',
    'devEnvironmentClusters:',
    '  - name: a # first',
    '    relay:',
    '      enabled: true',
    '  - name: b',
    '  - name: c',
    '    relay:',
    '      jwtPublicKey: |',
    '        -----BEGIN PUBLIC KEY-----',
    '        c-old',
    '        -----END PUBLIC KEY-----',
    '  - name: d',
    '    relay:',
    '      jwtPublicKey: null',
    '',
  ].join('\n');

  test('each generated cluster\'s entry gets its key as a literal block; comments, order and other fields stay', () => {
    const update = updateConfigText(CONFIG, material('a', 'b', 'd'));
    expect(update.updated).toEqual(['a', 'b', 'd']);
    expect(update.notFound).toEqual([]);
    expect(update.replaced).toEqual([]);
    expect(update.text).toBe(
      [
        '# top comment',
        'namespace: codecanvas',
        'devEnvironmentClusters:',
        '  - name: a # first',
        '    relay:',
        '      enabled: true',
        '      jwtPublicKey: |',
        '        -----BEGIN PUBLIC KEY-----',
        '        a-new',
        '        -----END PUBLIC KEY-----',
        '  - name: b',
        '    relay:',
        '      jwtPublicKey: |',
        '        -----BEGIN PUBLIC KEY-----',
        '        b-new',
        '        -----END PUBLIC KEY-----',
        '  - name: c',
        '    relay:',
        '      jwtPublicKey: |',
        '        -----BEGIN PUBLIC KEY-----',
        '        c-old',
        '        -----END PUBLIC KEY-----',
        '  - name: d',
        '    relay:',
        '      jwtPublicKey: |',
        '        -----BEGIN PUBLIC KEY-----',
        '        d-new',
        '        -----END PUBLIC KEY-----',
        '',
      ].join('\n'),
    );
  });

  test('a different key already there is replaced and reported by fingerprints, with the entry\'s index', () => {
    const update = updateConfigText(CONFIG, material('c'));
    expect(update.updated).toEqual(['c']);
    expect(update.replaced).toEqual([{ field: 'devEnvironmentClusters[2].relay.jwtPublicKey', from: fingerprint(pem('c-old')), to: fingerprint(pem('c-new')) }]);
    expect((yaml.load(update.text) as any).devEnvironmentClusters[2].relay.jwtPublicKey).toBe(pem('c-new'));
  });

  test('the same key (up to surrounding white space) is no replacement', () => {
    const same = CONFIG.replace('c-old', 'c-new');
    expect(updateConfigText(same, material('c')).replaced).toEqual([]);
    const padded = `devEnvironmentClusters:\n  - name: c\n    relay:\n      jwtPublicKey: ${JSON.stringify(`  ${pem('c-new')}\n\n`)}\n`;
    expect(updateConfigText(padded, material('c')).replaced).toEqual([]);
    const bare = `devEnvironmentClusters:\n  - name: c\n    relay:\n      jwtPublicKey: ${JSON.stringify(pem('c-new').trim())}\n`;
    expect(updateConfigText(bare, material('c')).replaced).toEqual([]);
  });

  test('clusters without an entry here are listed as not found, in order; entries that are not maps are skipped', () => {
    const update = updateConfigText('devEnvironmentClusters:\n  - just-a-string\n  - name: a\n', material('x', 'a', 'y'));
    expect(update.updated).toEqual(['a']);
    expect(update.notFound).toEqual(['x', 'y']);
    expect(updateConfigText('namespace: n\n', material('a')).notFound).toEqual(['a']);
    expect(updateConfigText('devEnvironmentClusters: {}\n', material('a')).notFound).toEqual(['a']);
    expect(updateConfigText('namespace: n\n', material('a')).text).toBe('namespace: n\n');
  });

  test('in a flow map the key is quoted, as the style requires', () => {
    const update = updateConfigText('devEnvironmentClusters: [{ name: a }]\n', material('a'));
    expect(yaml.load(update.text)).toEqual({ devEnvironmentClusters: [{ name: 'a', relay: { jwtPublicKey: pem('a-new') } }] });
  });

  test('a text that is not YAML is refused with the parser\'s first message', () => {
    expect(() => updateConfigText('a: [\n', material('a'))).toThrow(/^cannot edit it as YAML: \S/);
    expect(() => updateConfigText('a: 1\na: 2\n', material('a'))).toThrow(/^cannot edit it as YAML: Map keys must be unique/);
  });
});

describe('prepareConfigUpdate', () => {
  const withKey = 'devEnvironmentClusters:\n  - name: a\n    relay:\n      jwtPublicKey: old\n  - name: b\n    relay:\n      jwtPublicKey: older\n';

  test('nothing held: the update', () => {
    const update = prepareConfigUpdate('c.yaml', () => 'devEnvironmentClusters:\n  - name: a\n', material('a'), false);
    expect(update.updated).toEqual(['a']);
  });

  test('a replacement without replaceKeys is refused, naming each field with both fingerprints', () => {
    const error = thrown(() => prepareConfigUpdate('c.yaml', () => withKey, material('a', 'b'), false));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe(
      '--update-config would replace values c.yaml already holds (nothing was written):\n' +
        `  devEnvironmentClusters[0].relay.jwtPublicKey: ${fingerprint('old')} -> ${fingerprint(pem('a-new'))}\n` +
        `  devEnvironmentClusters[1].relay.jwtPublicKey: ${fingerprint('older')} -> ${fingerprint(pem('b-new'))}\n` +
        'Those keys may be in use (CodeCanvas, the secret source, the cluster). Pass --replace-keys to replace them with the new key set, ' +
        'or run without --update-config (or with --cluster for the clusters that have no key yet)',
    );
  });

  test('with replaceKeys: the update, replacements listed', () => {
    const update = prepareConfigUpdate('c.yaml', () => withKey, material('a'), true);
    expect(update.replaced.map((r) => r.field)).toEqual(['devEnvironmentClusters[0].relay.jwtPublicKey']);
  });

  test('a file that cannot be read or parsed: a refusal naming the file and why', () => {
    const unreadable = thrown(() =>
      prepareConfigUpdate('c.yaml', () => {
        throw new UnreadableFileError('c.yaml', 'does not exist', 'ENOENT');
      }, material('a'), false),
    );
    expect(unreadable).toBeInstanceOf(KeysCommandError);
    expect(unreadable.message).toBe('--update-config: c.yaml: does not exist');
    const bad = thrown(() => prepareConfigUpdate('c.yaml', () => 'a: 1\na: 2\n', material('a'), true));
    expect(bad).toBeInstanceOf(KeysCommandError);
    expect(bad.message).toMatch(/^--update-config: c\.yaml: cannot edit it as YAML: Map keys must be unique/);
    const other = thrown(() => prepareConfigUpdate('c.yaml', () => { throw new Error('boom'); }, material('a'), true));
    expect(other.message).toBe('--update-config: c.yaml: boom');
  });

  test('the reader is asked for that file', () => {
    const asked: string[] = [];
    prepareConfigUpdate('dir/c.yaml', (f) => (asked.push(f), 'namespace: n\n'), material(), false);
    expect(asked).toEqual(['dir/c.yaml']);
  });
});
