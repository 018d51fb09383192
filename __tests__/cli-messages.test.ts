// The CLI's report of a bad config: every problem in one run (the rules that only the built output used to reveal
// run with the schema), keys that JavaScript or cdk8s read as machinery are refused by name instead of reaching the
// last-resort handler, hidden characters in keys are shown, YAML syntax errors have real positions, and only a
// config problem is reported as one (an error of cdk8s or the file system is a bug, reported as such).
// The keys command's 4096-bit SSH host key comes from the committed test keys (seconds each to generate); see
// __tests__/rsa-fixtures.ts. Every other crypto call is the real one.
jest.mock('crypto', () => require('./rsa-fixtures').cryptoWithFixtureRsa(jest.requireActual('crypto')));
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, UNEXPECTED_ERROR } from '../cli/main';
import * as delivery from '../lib/charts/delivery';
import { ArgumentError } from '../lib/util/argument-error';
import { ROOT } from './helpers';

// rendererFor runs inside the construction of every installation: the bug tests make it throw.
jest.mock('../lib/charts/delivery', () => {
  const actual = jest.requireActual('../lib/charts/delivery');
  return { ...actual, rendererFor: jest.fn(actual.rendererFor) };
});
const rendererFor = delivery.rendererFor as jest.MockedFunction<typeof delivery.rendererFor>;
const realRendererFor = jest.requireActual('../lib/charts/delivery').rendererFor as typeof delivery.rendererFor;

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'aks.yaml'), 'utf8');

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: ROOT });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-messages-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The example's YAML with `edits` applied (each a [search, replacement] on the text), written to a file. */
function configFile(name: string, ...edits: [string | RegExp, string][]): string {
  let text = EXAMPLE;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit ${String(from)} changed nothing`);
    text = next;
  }
  const file = path.join(work, `${name}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

/** The problem lines of a report, without the "  - " bullets. */
const problems = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => l.slice(4));

describe('every problem in one run', () => {
  // Independent defects, each of a kind that used to surface only in a later round (synth-time checks), or to stop
  // the run at the first (a construct's argument check, cdk8s): all in one report, exit 1, nothing written.
  const file = () =>
    configFile(
      'many',
      [/^ {6}image: .*\n/m, ''], // operator.image missing (argocd, chart version without a known image)
      [/^ {6}jwtPublicKey: \|\n( {8}.*\n)+/m, ''], // relay.jwtPublicKey missing
      ['      instanceId: platform-dev-westeurope\n', '      instanceId: platform-dev-westeurope\n      autoscaling: { minReplicas: 5, maxReplicas: 2 }\n'],
      ['application:\n  releaseName: codecanvas\n', 'application:\n  releaseName: codecanvas-bootstrap\n  values:\n    constructor: 1\n'],
      ['version: 2025.1.2', 'version: 2025.10'],
      [/^namespace: codecanvas$/m, 'n\u200bamespace: codecanvas'],
      ['localAdministrator:\n', 'localAdministrator:\n  setPassword: true\n'],
    );

  test.each(['validate', 'synth'])('%s: all of them, each naming its field', async (command) => {
    const out = path.join(work, `out-${command}`);
    const r = await run(command === 'synth' ? ['synth', '--config', file(), '--out', out] : ['validate', '--config', file()]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(UNEXPECTED_ERROR);
    const lines = problems(r.stderr);
    const expected = [
      /^application\.chart\.version: is 2025\.1; .*YAML reads the unquoted 2025\.10 as the number 2025\.1, which is not what you wrote; quote it \("2025\.10"\)$/,
      /^application\.values\.constructor: is 1; must not be used as a key/,
      /^"n\\u200bamespace": is "codecanvas"; is not a known field: its name contains U\+200B ZERO WIDTH SPACE \(invisible\); did you mean namespace\?$/,
      /^namespace: is required$/,
      /^devEnvironmentClusters\[0\]\.operator\.image: is required in delivery\.mode argocd/,
      /^devEnvironmentClusters\[0\]\.relay\.jwtPublicKey: is required when the relay is enabled/,
      /^devEnvironmentClusters\[0\]\.operator\.autoscaling\.maxReplicas: is 2; must be at least minReplicas \(5\); maxReplicas is 3 when not set/,
      /^localAdministrator\.setPassword: is true; cannot be used with delivery\.mode argocd and secrets\.source keyVault/,
      /^application\.releaseName: is "codecanvas-bootstrap"; makes the Argo CD Application name "codecanvas-bootstrap" \(the application release\), which the bootstrap already has \(gitops\)/,
    ];
    for (const rule of expected) expect(lines).toContainEqual(expect.stringMatching(rule));
    expect(r.stderr).toContain(`${expected.length} problems found`);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the rules of the built output are for the commands that build it', () => {
  test('keys takes a config whose relay still lacks its public key (keys writes it), with the env source and no opt-in; validate refuses it', async () => {
    const file = configFile(
      'keys-first',
      [/^ {6}jwtPublicKey: \|\n( {8}.*\n)+/m, ''],
      [/^secrets:\n(  .*\n)+/m, 'secrets:\n  source: env\n'],
    );
    const out = path.join(work, 'keys-out');
    const keys = await run(['keys', '--config', file, '--out', out]);
    expect(keys.stderr).not.toMatch(/problem/);
    expect(keys.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'secrets.env'))).toBe(true);
    const validate = await run(['validate', '--config', file]);
    expect(validate.code).toBe(1);
    expect(problems(validate.stderr)).toEqual([
      expect.stringMatching(/^secrets\.allowPlaintextSecrets: missing; must be true with secrets\.source env/),
      'devEnvironmentClusters[0].relay.jwtPublicKey: is required when the relay is enabled (generate it with the keys command)',
      // The variables the env source reads (none set here) come in the same run, not after the config is fixed.
      expect.stringMatching(/^environment variable CODECANVAS_DB_PASSWORD: is required: secrets\.names\.databasePassword reads/),
      expect.stringMatching(/^environment variable CODECANVAS_MASTER_SECRET: is required: secrets\.names\.masterSecret reads/),
      expect.stringMatching(/^environment variable DEV_WESTEUROPE_JUMP_JWT_PRIVATE_KEY: is required: devEnvironmentClusters\[0\] \(jumpJwtPrivateKey\) reads/),
      expect.stringMatching(/^environment variable DEV_WESTEUROPE_JUMP_SSH_HOST_KEY: is required: devEnvironmentClusters\[0\] \(jumpSshHostKey\) reads/),
      expect.stringMatching(/^environment variable DEV_WESTEUROPE_OPERATOR_JWT_PRIVATE_KEY: is required: devEnvironmentClusters\[0\] \(operatorJwtPrivateKey\) reads/),
    ]);
  });

  test('flag values and the variables a command reads: named, the hidden character spelled out (exit 2)', async () => {
    const flag = await run(['synth', '--config', path.join(ROOT, 'examples', 'aks.yaml'), '--out', 'out\u200f']);
    expect({ code: flag.code, stderr: flag.stderr }).toEqual({
      code: 2,
      stderr:
        'codecanvas-cdk8s synth: --out "out<U+200F>" contains U+200F RIGHT-TO-LEFT MARK (a bidirectional control) at position 4: control, invisible and bidirectional characters are refused, as they make a flag value differ from what it looks like (or end a line where one is expected); retype it\n' +
        "Run 'codecanvas-cdk8s synth --help' for usage.\n",
    });
    const variable = await run(['validate'], { CODECANVAS_CONFIG: ' codecanvas.yaml' });
    expect({ code: variable.code, stderr: variable.stderr }).toEqual({
      code: 2,
      stderr: 'codecanvas-cdk8s validate: environment variable CODECANVAS_CONFIG " codecanvas.yaml" has whitespace at its start: remove it (it would become part of the path)\n',
    });
  });
});

describe('keys that are machinery, not data', () => {
  test.each([
    ['constructor', 'application.values.constructor', /cdk8s reads "constructor" as the object's class/],
    ['__proto__', 'application.values.__proto__', /JavaScript reads __proto__ as the object's prototype/],
  ])('%s in chart values: refused by name (exit 1), never the last-resort handler', async (key, field, rule) => {
    const r = await run(['validate', '--config', configFile(`key-${key}`, ['application:\n  releaseName: codecanvas\n', `application:\n  releaseName: codecanvas\n  values:\n    ${key}: { a: 1 }\n`])]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(UNEXPECTED_ERROR);
    expect(problems(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^${field.replace(/[.]/g, '\\.')}: is an object; must not be used as a key: ${rule.source}`))]);
  });

  test('prototype (and toString) in chart values are plain data: written into the Application', async () => {
    const out = path.join(work, 'out-prototype');
    const file = configFile('key-prototype', ['application:\n  releaseName: codecanvas\n', 'application:\n  releaseName: codecanvas\n  values:\n    prototype: { a: 1 }\n    toString: 2\n']);
    const r = await run(['synth', '--config', file, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const releases = fs.readFileSync(path.join(out, 'application', '30-releases.yaml'), 'utf8');
    expect(releases).toMatch(/^ {8}prototype:\n {10}a: 1$/m);
    expect(releases).toMatch(/^ {8}toString: 2$/m);
  });
});

describe('hidden characters in unknown keys', () => {
  test.each([
    ['a zero-width space', 'dom\u200bain', '"dom\\u200bain"', 'U+200B ZERO WIDTH SPACE (invisible)', 'domain'],
    ['a Cyrillic a', 'dom\u0430in', '"dom\\u0430in"', 'U+0430 CYRILLIC SMALL LETTER A (looks like "a")', 'domain'],
    ['a Greek omicron and a soft hyphen', 'd\u03bfm\u00adain', '"d\\u03bfm\\u00adain"', 'U+03BF GREEK SMALL LETTER OMICRON (looks like "o"), U+00AD SOFT HYPHEN (invisible)', 'domain'],
    ['a no-break space', 'domain\u00a0', '"domain\\u00a0"', 'U+00A0 NO-BREAK SPACE (looks like " ")', 'domain'],
    ['a newline', 'dom\nain', undefined, undefined, undefined],
  ])('%s: the key is shown escaped, with the character named and the field meant', async (_name, key, shown, named, meant) => {
    if (shown === undefined) {
      // A line break cannot be in a plain YAML key; quoted, it is an escape the message must not print raw.
      const file = configFile('key-newline', [/^domain:/m, 'other: 1\n"dom\\nain":']);
      const r = await run(['validate', '--config', file]);
      expect(problems(r.stderr)).toContainEqual('"dom\\u000aain": is "codecanvas.example.com"; is not a known field: its name contains U+000A (a control or invisible character); did you mean domain?');
      return;
    }
    const r = await run(['validate', '--config', configFile(`key-${shown.length}`, [/^domain:/m, `${key}:`])]);
    expect(r.code).toBe(1);
    expect(problems(r.stderr)).toEqual(['domain: is required', `${shown}: is "codecanvas.example.com"; is not a known field: its name contains ${named}; did you mean ${meant}?`]);
    // No invisible or look-alike character reaches the terminal.
    expect(r.stderr).toMatch(/^[\x20-\x7e\n]*$/);
  });

  test('a key with nothing close to a field gets no guess', async () => {
    const r = await run(['validate', '--config', configFile('key-far', [/^domain:/m, 'something:'])]);
    expect(problems(r.stderr)).toContainEqual('something: is "codecanvas.example.com"; is not a known field (check the spelling against the config reference)');
  });
});

describe('YAML syntax errors', () => {
  test('a NUL byte: refused with its real line and column, before parsing', async () => {
    const file = configFile('nul', ['domain: codecanvas.example.com', 'domain: codecanvas.ex\u0000ample.com']);
    const line = EXAMPLE.split('\n').findIndex((l) => l.startsWith('domain:')) + 1;
    const r = await run(['validate', '--config', file]);
    expect(r.code).toBe(1);
    expect(problems(r.stderr)).toEqual([`(file): is ${JSON.stringify(file)}; contains a NUL byte (U+0000), the first at line ${line}, column 22: a config is text; remove it (a file saved as UTF-16, or a binary file, has them)`]);
    expect(r.stderr).not.toMatch(/-\d+ \|/);
  });

  test('other syntax errors keep an excerpt with positive line numbers', async () => {
    const r = await run(['validate', '--config', configFile('unclosed', ['domain: codecanvas.example.com', 'domain: "codecanvas.example.com'])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not valid YAML');
    expect(r.stderr).not.toMatch(/^ *-\d+ \|/m);
  });
});

describe('what is a config problem and what is a bug', () => {
  afterEach(() => rendererFor.mockImplementation(realRendererFor));

  test('a construct\'s argument check (ArgumentError) is a problem of the input: exit 1 with the config file named', async () => {
    rendererFor.mockImplementation(() => {
      throw new ArgumentError('HelmChart: chart.version "x" must be a SemVer chart version');
    });
    const r = await run(['validate', '--config', configFile('argument')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/argument\.yaml: 1 problem found\n {2}- HelmChart: chart\.version "x" must be a SemVer chart version\n/);
    expect(r.stderr).not.toContain(UNEXPECTED_ERROR);
  });

  test.each([
    ['cdk8s', () => new Error("There is already a Construct with name 'Application-x' in ApplicationClusterChart [application]")],
    ['the file system', () => Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES' })],
    ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'name')")],
  ])('an error of %s is a bug: the last-resort line, exit 1, a stack only with CODECANVAS_DEBUG', async (_from, make) => {
    rendererFor.mockImplementation(() => {
      throw make();
    });
    const file = configFile('bug');
    const r = await run(['validate', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`codecanvas-cdk8s validate: ${UNEXPECTED_ERROR}: `);
    expect(r.stderr).not.toContain('problem found');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const debug = await run(['validate', '--config', file], { CODECANVAS_DEBUG: '1' });
    expect(debug.stderr).toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
