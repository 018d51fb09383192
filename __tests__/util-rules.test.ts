// lib/util/rules.ts and argument-error.ts: each shared rule at its anchors, length limits and classes, with the
// exact sentences a user reads. Pure calls (the config-level wording is in config-rules.test.ts).
import { ArgumentError } from '../lib/util/argument-error';
import {
  AZURE_CONTAINER, AZURE_STORAGE_ACCOUNT, CHART_VERSION, CHART_VERSION_RULE, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN,
  DNS1123_SUBDOMAIN_RULE, EMAIL, GIT_URL, GUID, HELM_RELEASE_NAME_RULE, KEY_VAULT_NAME, KEY_VAULT_NAME_RULE,
  KEY_VAULT_URL_RULE, LETS_ENCRYPT_SERVER_RULE, OCI_URL, assertLabel, assertNoProblem, assertSubdomain,
  isDns1123Label, isDns1123Subdomain, keyVaultUrlProblem, maxReplicasProblem, oneOfRule,
} from '../lib/util/rules';

const matches = (pattern: RegExp, good: string[], bad: string[]): void => {
  expect(good.filter((v) => !pattern.test(v))).toEqual([]);
  expect(bad.filter((v) => pattern.test(v))).toEqual([]);
};

describe('DNS-1123 names', () => {
  it('a label is at most 63 characters and matches the pattern', () => {
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    expect(isDns1123Label('a-b')).toBe(true);
    expect(isDns1123Label('A')).toBe(false);
    expect(isDns1123Label('a.b')).toBe(false);
  });

  it('a subdomain is at most 253 characters and matches the pattern', () => {
    const label = 'a'.repeat(63);
    expect(isDns1123Subdomain(`${label}.${label}.${label}.${'a'.repeat(61)}`)).toBe(true); // 253
    expect(isDns1123Subdomain(`${label}.${label}.${label}.${'a'.repeat(62)}`)).toBe(false); // 254
    expect(isDns1123Subdomain('A')).toBe(false);
    matches(DNS1123_SUBDOMAIN, ['a', 'a.b', 'a-b.c-d', 'ab.cd'], ['-a', 'a-', 'a.', '.a', 'a.-b', 'a.b-', 'a..b', 'A.b', 'a.B']);
  });

  it('assertLabel and assertSubdomain throw an ArgumentError naming construct, field, value and rule', () => {
    expect(() => assertLabel('Ns', 'name', 'ok-1')).not.toThrow();
    expect(() => assertLabel('Ns', 'name', 'Bad')).toThrow(new ArgumentError(`Ns: name "Bad" ${DNS1123_LABEL_RULE}`));
    expect(() => assertLabel('Ns', 'name', 'a.b')).toThrow(ArgumentError);
    expect(() => assertSubdomain('Sc', 'name', 'a.b')).not.toThrow();
    expect(() => assertSubdomain('Sc', 'name', 'a..b')).toThrow(new ArgumentError(`Sc: name "a..b" ${DNS1123_SUBDOMAIN_RULE}`));
    try {
      assertSubdomain('Sc', 'name', '_');
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ArgumentError);
      expect((e as Error).name).toBe('ArgumentError');
      expect((e as Error).message).toBe(`Sc: name "_" ${DNS1123_SUBDOMAIN_RULE}`);
    }
  });

  it('the rules read as written', () => {
    expect(DNS1123_LABEL_RULE).toBe('must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters');
    expect(DNS1123_SUBDOMAIN_RULE).toBe('must be a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit, at most 253 characters');
    expect(HELM_RELEASE_NAME_RULE).toBe('must be a Helm release name: a DNS-1123 label of at most 53 characters');
    expect(CHART_VERSION_RULE).toBe('must be a SemVer chart version such as 2025.1.2 or 2025.1-RC.875 (Helm needs an exact version; "latest" is not one)');
    expect(LETS_ENCRYPT_SERVER_RULE).toBe('must be production or staging');
    expect(oneOfRule(['a', 'b'])).toBe('must be one of "a", "b"');
  });
});

describe('patterns', () => {
  it('GUID', () => {
    const guid = '0123abcd-ABCD-ef01-2345-6789abcdef01';
    matches(GUID, [guid], [` ${guid}`, `${guid} `, `x${guid}`, `${guid}0`]);
  });

  it('EMAIL', () => {
    matches(
      EMAIL,
      ['admin@example.com', 'a@example.io', 'a@x.com', 'a@mail.example.com', 'a.b+c@a-b.example.org'],
      [' a@example.com', 'a@example.com ', '(a@example.com', 'a@example.c', 'a@-x.com', 'a@x-.com', 'a@example', '@example.com'],
    );
  });

  it('CHART_VERSION', () => {
    matches(
      CHART_VERSION,
      ['2025.1.2', '2025.1-RC.875', 'v1', '1.10', '1.0.10', '1.0.0-rc', '1.0.0-rc.1.2', '1.0.0+ab', '1.0.0+a.bc', '1.0.0+a.b.c', '1.0.0-rc.1+build.7-x'],
      ['x1.0.0', '1.0.0 ', 'latest', '01.0', '1.01', '1.0.0.0', '1.0.0-', '1.0.0-rc.', '1.0.0+', '1.0.0+a.', '1.0.0+.a', '1.0.0+a..b', '1.0.0+a,b', '1.0.0+a_b', '1.0.0-a_b'],
    );
  });

  it('OCI_URL', () => {
    matches(
      OCI_URL,
      ['oci://a/b', 'oci://registry.example.com:443/charts/codecanvas', 'oci://a1/b.c_d-e/f'],
      [' oci://a/b', 'xoci://a/b', 'oci://a/b/', 'oci://a/B', 'oci://-a/b', 'oci://a-/b', 'oci://a:123456/b', 'oci://a/b c'],
    );
  });

  it('GIT_URL', () => {
    matches(GIT_URL, ['https://h/p', 'ssh://git@h/p.git'], ['xhttps://h/p', ' https://h/p', 'https://h/p q', 'git@h:p', 'https://h/']);
  });

  it('AZURE_STORAGE_ACCOUNT', () => {
    matches(AZURE_STORAGE_ACCOUNT, ['abc', 'a'.repeat(24)], ['ab', 'a'.repeat(25), 'Abcd', 'abcD']);
  });

  it('AZURE_CONTAINER', () => {
    matches(AZURE_CONTAINER, ['abc', 'a-b', 'a'.repeat(63)], ['ab', 'a'.repeat(64), 'abc-', '-abc', 'a--b', 'Abc']);
  });

  it('KEY_VAULT_NAME', () => {
    matches(KEY_VAULT_NAME, ['abc', 'A-b1', 'a'.repeat(24)], ['ab', 'a'.repeat(25), '1abc', 'abc_', 'abc-', 'a--b', '-abc']);
  });
});

describe('keyVaultUrlProblem', () => {
  it('takes a vault URL with or without the trailing slash, in each cloud', () => {
    expect(keyVaultUrlProblem('https://my-vault.vault.azure.net/')).toBeUndefined();
    expect(keyVaultUrlProblem('https://my-vault.vault.azure.net')).toBeUndefined();
    expect(keyVaultUrlProblem('https://my-vault.vault.usgovcloudapi.net/')).toBeUndefined();
  });

  it('refuses credentials with the hint where they go instead', () => {
    expect(keyVaultUrlProblem('https://user:pass@myvault.vault.azure.net/')).toBe(
      'must not carry credentials: it has a user name and password before "@" (shown masked); External Secrets Operator signs in to Key Vault with Workload Identity',
    );
  });

  it('refuses other hosts and paths with the rule, and a bad vault name with the name rule', () => {
    expect(keyVaultUrlProblem('https://my-vault.example.com/')).toBe(KEY_VAULT_URL_RULE);
    expect(keyVaultUrlProblem('https://my-vault.vault.azure.net/x')).toBe(KEY_VAULT_URL_RULE);
    expect(keyVaultUrlProblem('https://1vault.vault.azure.net/')).toBe(`has the vault name "1vault", which ${KEY_VAULT_NAME_RULE}`);
  });
});

describe('assertNoProblem', () => {
  it('passes without a problem and otherwise throws with the value shown (masked when a string)', () => {
    expect(() => assertNoProblem('C', 'f', 'x', undefined)).not.toThrow();
    expect(() => assertNoProblem('C', 'f', 'https://u:secretpw@h/x', 'bad')).toThrow(new ArgumentError('C: f "https://***@h/x" bad'));
    expect(() => assertNoProblem('C', 'port', 0, 'must be positive')).toThrow(new ArgumentError('C: port 0 must be positive'));
  });
});

describe('maxReplicasProblem', () => {
  it('takes maxReplicas equal to minReplicas and refuses one below', () => {
    expect(maxReplicasProblem(2, 2)).toBeUndefined();
    expect(maxReplicasProblem(2, 3)).toBeUndefined();
    expect(maxReplicasProblem(3, 2)).toBe('must be at least minReplicas (3)');
  });
});
