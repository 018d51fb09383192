// INSTALL.md is pasted into a shell and into the config by hand, so what it prints must stay what it says: every
// shell word of its bash blocks is one inert word under bash (a config path with a space, $(...), backticks or
// quotes runs nothing and stays one argument), and every value of its YAML snippet parses back to the same string.
// The values here bypass the config schema on purpose: the guide must be safe on its own.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsYaml from 'js-yaml';
import * as YAML from 'yaml';
import { parseConfig } from '../lib/config/load';
import { ResolvedConfig } from '../lib/config/schema';
import { installGuide } from '../cli/output/install-guide';
import { exampleConfig } from './helpers';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-guide-quoting-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every fenced block of `lang` in `markdown`, without its fences. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]);
}

/**
 * Runs `block` under bash with every command the guide uses replaced by a function that records its name and
 * arguments; returns the recorded calls and whether a command substitution ran (it would create CANARY).
 */
function runBlock(block: string, extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string; calls: string[][]; canary: boolean } {
  const log = path.join(work, 'argv.log');
  fs.rmSync(log, { force: true });
  const fakes = ['codecanvas-cdk8s', 'az', 'flux', 'git', 'kubectl', 'nslookup', 'helm', 'touch']
    .map((tool) => `${tool}() { printf '%s\\0' ${tool} "$@" >> "$ARGV_LOG"; printf '\\n' >> "$ARGV_LOG"; }`)
    .join('\n');
  const script = path.join(work, 'block.sh');
  fs.writeFileSync(script, `set -eu\n${fakes}\n${block}`);
  const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
  if (syntax.status !== 0) return { status: syntax.status, stderr: syntax.stderr, calls: [], canary: false };
  // `touch` is a recording function too, so an expanded $(touch CANARY) shows up as a call; CANARY checks the real one.
  const r = spawnSync('bash', [script], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, ARGV_LOG: log, ...extraEnv } });
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  const calls = text
    .split('\0\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\0'));
  return { status: r.status, stderr: r.stderr, calls, canary: fs.existsSync(path.join(work, 'CANARY')) };
}

const HOSTILE_SOURCE = "my configs/$(touch CANARY) `touch CANARY` it's \"x\" $HOME *.yaml";
const HOSTILE_PATH = "deploy dir/$(touch CANARY);'`touch CANARY`'";
const HOSTILE_NS = "ns $(touch CANARY)'";
const HOSTILE_DOMAIN = 'example.com;touch CANARY';

/** The example with phase 3 open (jump and operator IDs still to fill) and hostile words where the guide prints them. */
function hostileConfig(ids: { jump?: string; operator?: string } = {}): ResolvedConfig {
  const parsed = parseConfig(exampleConfig(), 'test.yaml');
  const cluster = parsed.devEnvironmentClusters[0];
  return {
    ...parsed,
    namespace: HOSTILE_NS,
    domain: HOSTILE_DOMAIN,
    gitops: { ...parsed.gitops!, path: HOSTILE_PATH },
    devEnvironmentClusters: [
      {
        ...cluster,
        systemNamespace: `sys ${HOSTILE_NS}`,
        jump: { ...cluster.jump, instanceId: ids.jump },
        operator: { ...cluster.operator, instanceId: ids.operator },
      },
    ],
  } as ResolvedConfig;
}

describe('INSTALL.md bash blocks with hostile words', () => {
  const guide = installGuide(hostileConfig(), HOSTILE_SOURCE);
  // The federated-credential block is a template with <placeholders> the user fills in; every other block runs as is.
  const runnable = blocks(guide, 'bash').filter((b) => !b.startsWith('az identity'));

  test('every block parses and runs nothing but the commands it shows', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(3);
    for (const block of runnable) {
      const r = runBlock(block);
      expect({ block, status: r.status, stderr: r.stderr, canary: r.canary, touched: r.calls.filter((c) => c[0] === 'touch') }).toEqual({
        block,
        status: 0,
        stderr: '',
        canary: false,
        touched: [],
      });
    }
  });

  test.each(['https://git.example.com/platform.git', 'ssh://git@git.example.com/platform.git'])('with a %s repository and a private-repository Secret, every block runs as printed (credentials from shell variables, no <placeholder>)', (repoURL) => {
    for (const mode of ['argocd', 'flux'] as const) {
      const config = hostileConfig();
      const gitops = { ...config.gitops!, repoURL, argocd: { repositorySecretName: 'repo' }, flux: { ...config.gitops!.flux, secretName: 'repo' } };
      const text = installGuide({ ...config, gitops, delivery: { ...config.delivery, mode } } as ResolvedConfig, 'c.yaml');
      const credentialBlocks = blocks(text, 'bash').filter((blk) => blk.includes('create secret'));
      expect(credentialBlocks.length).toBeGreaterThan(0);
      // What the runbook asks the user to set first; without them `set -u` stops the block, as it should.
      const credentials = { GIT_USERNAME: 'u', GIT_TOKEN: 't', GIT_DEPLOY_KEY_FILE: '/k' };
      for (const block of credentialBlocks) {
        const r = runBlock(block, credentials);
        expect({ mode, block, status: r.status, stderr: r.stderr }).toEqual({ mode, block, status: 0, stderr: '' });
        expect(r.calls.flat()).toEqual(expect.arrayContaining([expect.stringMatching(/(password=t|sshPrivateKey=\/k|private-key-file=\/k)$/)]));
      }
    }
  });

  test('phase 3: the config path and the output folder are one argument each', () => {
    const phase3 = runnable.find((b) => b.includes('codecanvas-cdk8s synth'))!;
    expect(runBlock(phase3).calls).toEqual([
      ['codecanvas-cdk8s', 'synth', '--config', HOSTILE_SOURCE, '--out', HOSTILE_PATH],
      ['git', 'add', HOSTILE_PATH],
      ['git', 'commit', '-m', 'CodeCanvas: dev-environment cluster IDs'],
      ['git', 'push'],
    ]);
  });

  test('the checks look up the namespace and hosts as given', () => {
    const verify = runnable.find((b) => b.includes('get events'))!;
    expect(runBlock(verify).calls).toEqual([
      ['kubectl', '--context', 'application', '-n', HOSTILE_NS, 'get', 'pods'],
      ['kubectl', '--context', 'application', '-n', HOSTILE_NS, 'get', 'events'],
      ['nslookup', HOSTILE_DOMAIN],
      ['nslookup', `computeservice.${HOSTILE_DOMAIN}`],
    ]);
    const devChecks = runnable.find((b) => b.includes(`get pods`) && b.startsWith('# '))!;
    const cluster = hostileConfig().devEnvironmentClusters[0].name;
    expect(runBlock(devChecks).calls[0]).toEqual(['kubectl', '--context', cluster, '-n', `sys ${HOSTILE_NS}`, 'get', 'pods']);
    expect(runBlock(devChecks).calls[2]).toEqual(['kubectl', '--context', cluster, '-n', `sys ${HOSTILE_NS}`, 'get', 'service', 'codecanvas-jump-ssh', '-o', 'jsonpath={.spec.ports[0].nodePort}']);
  });

  test('the Argo CD restart command names the namespace and Deployment as single words', () => {
    const restart = runnable.find((b) => b.includes('rollout restart'))!;
    expect(runBlock(restart).calls).toEqual([['kubectl', '--context', 'application', '-n', HOSTILE_NS, 'rollout', 'restart', 'deployment', 'codecanvas-app']]);
  });

  test('a comment line of a block cannot be ended by a line break in a cluster name', () => {
    const config = hostileConfig();
    const named = { ...config, devEnvironmentClusters: [{ ...config.devEnvironmentClusters[0], name: 'dev\ntouch CANARY' }] } as ResolvedConfig;
    const text = installGuide(named, 'c.yaml');
    for (const block of blocks(text, 'bash').filter((b) => !b.startsWith('az identity'))) {
      const r = runBlock(block);
      expect(r.calls.filter((c) => c[0] === 'touch')).toEqual([]);
    }
    // The comment still shows where the character was (as ?), rather than joining the words around it.
    expect(text).toContain('\n# dev?touch CANARY\n');
    const tabbed = { ...config, devEnvironmentClusters: [{ ...config.devEnvironmentClusters[0], name: 'a\tb\x7fc' }] } as ResolvedConfig;
    expect(installGuide(tabbed, 'c.yaml')).toContain('\n# a?b?c\n');
  });

  test('with plain words the guide stays readable: nothing is quoted that needs no quotes', () => {
    const plain = installGuide(parseConfig(exampleConfig(), 'test.yaml'), 'examples/aks.yaml');
    expect(plain).toContain('kubectl --context application -n codecanvas get pods');
    expect(plain).toContain('codecanvas-cdk8s synth --config examples/aks.yaml --out dist');
  });
});

describe('the phase 3 YAML snippet parses back to the exact values', () => {
  const TRICKY = ['0123', '2025.10', 'true', 'null', '~', '1e3', '0x1F', "it's \"quoted\"", 'a: b', '# not a comment', '- item', 'line\nbreak', 'back\\slash', '{ flow }', ' padded ', '*alias', '&anchor', '!tag', '@at', '%percent', '`tick`'];

  test.each(TRICKY.map((t) => [JSON.stringify(t), t]))('instance IDs %s', (_name, id) => {
    const guide = installGuide(hostileConfig({ jump: id, operator: `op-${id}` }), 'c.yaml');
    const [snippet] = blocks(guide, 'yaml');
    for (const parsed of [jsYaml.load(snippet), YAML.parse(snippet)]) {
      expect(parsed).toEqual({ devEnvironmentClusters: [{ name: 'dev-westeurope', jump: { instanceId: id }, operator: { instanceId: `op-${id}` } }] });
    }
  });

  test('IDs not yet issued are placeholders that are strings too', () => {
    const [snippet] = blocks(installGuide(hostileConfig(), 'c.yaml'), 'yaml');
    expect(jsYaml.load(snippet)).toEqual({
      devEnvironmentClusters: [
        { name: 'dev-westeurope', jump: { instanceId: '<jump server ID from phase 2>' }, operator: { instanceId: '<connection instance ID from phase 2>' } },
      ],
    });
  });

  test('a cluster name YAML would read as something else stays the text', () => {
    const config = hostileConfig({ jump: 'j', operator: 'o' });
    const named = { ...config, devEnvironmentClusters: [{ ...config.devEnvironmentClusters[0], name: '0123' }] } as ResolvedConfig;
    const [snippet] = blocks(installGuide(named, 'c.yaml'), 'yaml');
    expect((jsYaml.load(snippet) as any).devEnvironmentClusters[0].name).toBe('0123');
  });
});
