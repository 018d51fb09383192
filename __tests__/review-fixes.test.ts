// Defects a review of this round's rules found, each pinned by the input that showed it.
import { formatIssue } from '../lib/config/errors';
import { checkConfig } from '../lib/config/load';
import { maskSecrets, nameWords, secretShape } from '../lib/util/secret-text';
import { exampleConfig, withField } from './helpers';

const issues = (raw: Record<string, any>) => checkConfig(raw).map(formatIssue);

test('splitting a name into words is linear: a run of 200,000 capitals is split without backtracking (work, not time)', () => {
  // The old /([A-Z]+)([A-Z][a-z])/ retried the whole run at every position; the lookahead form matches once per capital.
  const words = nameWords(`${'A'.repeat(200_000)}b`);
  expect(words.map((w) => w.length)).toEqual([199_999, 2]);
  expect(nameWords('URLPath')).toEqual(['url', 'path']);
  expect(nameWords('postgresPassword')).toEqual(['postgres', 'password']);
});

test('an unknown key that names a secret is reported without its value', () => {
  const raw = withField(withField(exampleConfig(), 'database.password', 'hunter2-Xy7-secret'), 'adminPassword', 'Sup3rS3cret!');
  const text = issues(raw).join('\n');
  expect(text).toContain('database.password: is "(a secret value, not shown)"');
  expect(text).toContain('adminPassword: is "(a secret value, not shown)"');
  expect(text).not.toMatch(/hunter2|Sup3rS3cret/);
});

test('short parameter names are masked in messages but are no sign of a secret in a value', () => {
  for (const plain of ['--auth=none', 'code=200', 'key=app']) {
    expect(secretShape(plain)).toBeUndefined();
    expect(maskSecrets(plain)).toMatch(/=\*\*\*$/);
  }
  expect(secretShape('https://blob.example.com/c?sig=abc123')).toBeDefined();
  // A chart value such as an argument "--auth=none" is accepted without the plaintext opt-in.
  expect(issues(withField(exampleConfig(), 'application.values', { extraArgs: ['--auth=none', 'code=200'] }))).toEqual([]);
});

test('keys of the schema\'s free maps (nodeSelector, podAnnotations) are checked for hidden characters like chart values keys', () => {
  const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.operator.nodeSelector', { 'pool\u200b': 'system' });
  expect(issues(raw)).toEqual([expect.stringMatching(/^devEnvironmentClusters\[0\]\.operator\.nodeSelector\..*is a mapping key that contains U\+200B/)]);
  const annotations = withField(exampleConfig(), 'devEnvironmentClusters.0.operator.podAnnotations', { 'team\u202e': 'x' });
  expect(issues(annotations)).toEqual([expect.stringMatching(/podAnnotations\..*U\+202E/)]);
});

test('a YAML error on a long line with a secret: the excerpt\'s window cuts the key off, and the value is still masked', () => {
  const { parseConfig } = require('../lib/config/public');
  const secret = `Xy9${'s3cr3tV4lue'.repeat(8)}`;
  let message = '';
  try {
    parseConfig(`a: 1\ndatabase:\n  dbPassword: "${secret}" trailing\n`);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('is not valid YAML');
  // The line is masked whole, then cut around the column: the key is out of view, its value masked.
  expect(message).toMatch(/\n 3 \| \.\.\. \*+ \*+\n/);
  expect(message).not.toContain('dbPassword');
  expect(message).not.toContain('s3cr3t');
});
