// SLOW (about 30-60 s, most of it `tsc`): the package as users get it. Packs the package (`npm pack`, whose prepack
// runs `npm run build`), installs the tarball into a temporary cdk8s app outside the repository, compiles the README's
// library example with `tsc --strict` against the installed declarations, runs it with Node, checks the YAML, and
// runs the installed `codecanvas-cdk8s` bin. The consumer is made from cdk8s-cli's own `typescript-app` template: its
// tsconfig as it is (no esModuleInterop, no skipLibCheck, lib es2016) and with module node16/nodenext, compiled with
// no extra flags. It also measures what installing the package adds to an app's node_modules, and proves that the
// bin needs none of the CLI's own dependencies (bundled at build time). Offline by construction: the tarball is
// unpacked into node_modules/codecanvas-cdk8s as npm lays it out, and its dependencies and peer dependencies are
// linked from this project's node_modules (the registry is never asked). The app lives outside the repository, so
// nothing the package requires can resolve from this project's node_modules.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { readTree, ROOT } from '../../__tests__/helpers';

jest.setTimeout(300_000);

/**
 * What the tarball may hold, and how much. Raise deliberately, with a reason, when the package grows. Last raised
 * for the JSON forms of the pinned CRDs (crds/json/, 14 files, 1.2 MB unpacked, about 120 KiB packed), which make
 * the installed validate read the CRDs with JSON.parse instead of the yaml package (0.6 s less CPU for the example):
 * 203 files, 12.1 MiB unpacked, 1484 KiB packed; 6-10 % headroom. Before that, for ajv, ajv-formats and the
 * kubernetes-models validators bundled into the CLI (181 files, 10.9 MiB, 1328 KiB), for the hostile-input rules, and
 * for @kubernetes/client-node bundled into build/cli/kubernetes-client.js.
 */
const BUDGET = { files: 215, unpackedBytes: 13.25 * 1024 * 1024, packedBytes: 1600 * 1024 };
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^LICENSE$/,
  /^build\/lib\/(index|codecanvas-installation|k8s|paths)\.(js|d\.ts)$/,
  /^build\/lib\/(charts|config|constructs|renderers|secrets|util)\/[^/]+\.(js|d\.ts)$/,
  /^build\/imports\/[^/]+\.js$/,
  /^build\/cli\/codecanvas-cdk8s\.js(\.LEGAL\.txt)?$/, /^build\/cli\/kubernetes-client\.js$/,
  /^bin\/codecanvas-cdk8s\.js$/,
  /^examples\/[^/]+\.(yaml|pem)$/,
  /^crds\/[^/]+\.yaml$/, /^crds\/json\/[^/]+\.json$/, /^crds\/SOURCES\.md$/,
  /^codecanvas\.schema\.json$/,
];
/**
 * Packages only the CLI or the build uses: devDependencies (the CLI's are bundled into build/cli), so never installed
 * with the package. (`yaml` is not among them: it is the library's YAML reader.)
 */
const CLI_ONLY = ['@kubernetes/client-node', 'kubernetes-models', '@kubernetes-models/apimachinery', 'ajv', 'ajv-formats', 'esbuild', 'typescript', 'cdk8s-cli', 'js-yaml'];
/** What installing the package may add to an app's node_modules: the package itself plus its dependencies' closure. */
const INSTALL_BUDGET_BYTES = 40 * 1024 * 1024;
/** The cdk8s-cli template a `cdk8s init typescript-app` project is made from. */
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
/** What the public declarations may import from outside the package (nothing heavy, no zod). */
const DECLARATION_IMPORTS = ['cdk8s', 'constructs', 'cdk8s-plus-28/lib/imports/k8s', 'crypto'];

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

let work: string;
let app: string;
let pack: PackResult;
let packed: Record<string, any>;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'codecanvas-pack-'));
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
  pack = JSON.parse(json.slice(json.indexOf('[')))[0];

  app = path.join(work, 'app');
  const installed = path.join(app, 'node_modules', 'codecanvas-cdk8s');
  fs.mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(work, pack.filename), '-C', installed, '--strip-components=1']);
  packed = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  // What npm would resolve from the registry, linked from this project's node_modules; plus the consumer's own
  // dev dependency @types/node.
  for (const name of [...Object.keys(packed.dependencies ?? {}), ...Object.keys(packed.peerDependencies ?? {}), '@types/node']) {
    const link = path.join(app, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), link, 'dir');
  }
  fs.mkdirSync(path.join(app, 'node_modules', '.bin'));
  fs.symlinkSync(path.join('..', 'codecanvas-cdk8s', packed.bin['codecanvas-cdk8s']), path.join(app, 'node_modules', '.bin', 'codecanvas-cdk8s'));
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: { 'codecanvas-cdk8s': `file:../${pack.filename}` } }));
  fs.copyFileSync(path.join(ROOT, 'examples', 'library', 'main.ts'), path.join(app, 'main.ts'));
  fs.copyFileSync(path.join(ROOT, 'examples', 'aks.yaml'), path.join(app, 'codecanvas.yaml'));
  // The template's tsconfig, unchanged.
  fs.copyFileSync(path.join(TEMPLATE, 'tsconfig.json'), path.join(app, 'tsconfig.json'));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  test(`holds only what users need, within budget (${BUDGET.files} files, ${BUDGET.unpackedBytes / 1024 / 1024} MiB unpacked, ${BUDGET.packedBytes / 1024} KiB packed)`, () => {
    const files = pack.files.map((f) => f.path);
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    for (const required of ['build/lib/index.js', 'build/lib/index.d.ts', 'build/cli/codecanvas-cdk8s.js', 'bin/codecanvas-cdk8s.js', 'examples/aks.yaml', 'crds/SOURCES.md']) {
      expect(files).toContain(required);
    }
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Every library module in the tarball is reachable from the entry point (through the JavaScript's requires or
    // the declarations' imports): modules that only the command (bundled) or the build scripts use stay out.
    const installed = path.join(app, 'node_modules', 'codecanvas-cdk8s');
    const reached = new Set<string>();
    const queue = ['build/lib/index.js', 'build/lib/index.d.ts'];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      const text = fs.readFileSync(path.join(installed, file), 'utf8');
      for (const m of text.matchAll(/(?:require\(|from\s|import\()\s*["'](\.[^"']+)["']/g)) {
        const base = path.posix.join(path.posix.dirname(file), m[1]).replace(/\.js$/, '');
        queue.push(`${base}${file.endsWith('.d.ts') ? '.d.ts' : '.js'}`);
      }
    }
    const moduleOf = (f: string) => f.replace(/\.(d\.ts|js)$/, '');
    const reachedModules = new Set([...reached].map(moduleOf));
    expect(files.filter((f) => f.startsWith('build/lib/') && !reachedModules.has(moduleOf(f)))).toEqual([]);
    expect(pack.entryCount).toBeLessThanOrEqual(BUDGET.files);
    expect(pack.unpackedSize).toBeLessThanOrEqual(BUDGET.unpackedBytes);
    expect(pack.size).toBeLessThanOrEqual(BUDGET.packedBytes);
    process.stdout.write(`tarball: ${pack.entryCount} files, ${pack.size} bytes packed, ${pack.unpackedSize} bytes unpacked\n`);
  });

  test('declares cdk8s and constructs as peers and no bundler at run time', () => {
    expect(packed.private).toBeUndefined();
    expect(Object.keys(packed.peerDependencies).sort()).toEqual(['cdk8s', 'constructs']);
    for (const name of ['cdk8s', 'constructs', 'esbuild', 'typescript', 'ts-node']) expect(packed.dependencies[name]).toBeUndefined();
    expect(packed.exports['.'].types).toBe('./build/lib/index.d.ts');
  });
});

describe('a cdk8s app that installed the tarball', () => {
  test("compiles the README example with the cdk8s template's tsconfig as it is (no extra flags), runs it, and gets its own chart plus one chart per CodeCanvas cluster", () => {
    const template = JSON.parse(fs.readFileSync(path.join(app, 'tsconfig.json'), 'utf8'));
    // What makes it the strict case: zod's declarations, for one, need esModuleInterop or skipLibCheck to compile.
    expect(template.compilerOptions).toMatchObject({ lib: ['es2016'], module: 'CommonJS', strict: true });
    expect(template.compilerOptions.esModuleInterop).toBeUndefined();
    expect(template.compilerOptions.skipLibCheck).toBeUndefined();
    const files = compileAndRun(app);
    const docs = (file: string) => yaml.loadAll(fs.readFileSync(path.join(app, 'dist', file), 'utf8')) as any[];
    const [application, devEnvironment, platform] = files.map(docs);

    // The consumer's own chart: its two objects, with the metadata it passed, and no sync waves forced on them.
    expect(platform.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/platform-tools', 'StorageClass/fast-premium']);
    expect(platform[0].metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'platform-tools', team: 'platform' });
    expect(platform[1]).toMatchObject({ provisioner: 'disk.csi.azure.com', parameters: { skuName: 'Premium_LRS', kind: 'Managed' } });
    expect(platform[1].metadata.annotations).toEqual({ 'example.com/owner': 'platform' });

    // CodeCanvas: the same objects the codecanvas-cdk8s command writes for examples/aks.yaml, with their waves.
    const names = (list: any[]) => list.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`).sort();
    expect(names(application)).toEqual(names(committed('application')));
    expect(names(devEnvironment)).toEqual(names(committed('dev-westeurope')));
    const ns = application.find((d) => d.kind === 'Namespace');
    expect(ns.metadata).toMatchObject({ name: 'codecanvas', annotations: { 'argocd.argoproj.io/sync-wave': '-2' } });
    const app0 = application.find((d) => d.kind === 'Application');
    expect(app0.spec.source).toMatchObject({ chart: 'codecanvas', targetRevision: '2025.1.2' });
  });

  test.each(['Node16', 'NodeNext'])('compiles and runs the same example with the template tsconfig and module %s', (module) => {
    const dir = path.join(work, `app-${module.toLowerCase()}`);
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(app, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.copyFileSync(path.join(app, 'codecanvas.yaml'), path.join(dir, 'codecanvas.yaml'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'library', 'main.ts'), path.join(dir, 'main.ts'));
    const tsconfig = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'tsconfig.json'), 'utf8'));
    tsconfig.compilerOptions.module = module;
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    compileAndRun(dir);
    const platform = yaml.loadAll(fs.readFileSync(path.join(dir, 'dist', 'platform.k8s.yaml'), 'utf8')) as any[];
    expect(platform.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/platform-tools', 'StorageClass/fast-premium']);
  });

  test('the public declarations import nothing from outside the package but cdk8s, constructs and the k8s L1 classes (no zod)', () => {
    const installed = path.join(app, 'node_modules', 'codecanvas-cdk8s');
    const reached = new Set<string>();
    const external = new Set<string>();
    const queue = ['build/lib/index.d.ts'];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      // Without the TSDoc comments, which quote import statements.
      const text = fs.readFileSync(path.join(installed, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const m of text.matchAll(/(?:from\s|import\()\s*["']([^"']+)["']/g)) {
        if (m[1].startsWith('.')) queue.push(`${path.posix.join(path.posix.dirname(file), m[1])}.d.ts`);
        else external.add(m[1]);
      }
    }
    expect([...external].sort()).toEqual([...DECLARATION_IMPORTS].sort());
    expect(reached.has('build/lib/config/config-types.d.ts')).toBe(true);
    expect(reached.has('build/lib/config/schema.d.ts')).toBe(false);
  });

  test(`installing the package adds at most ${INSTALL_BUDGET_BYTES / 1024 / 1024} MiB to the app's node_modules (the package and its dependencies), and none of the CLI-only packages`, () => {
    // The closure of the packed package.json's dependencies as npm would install it (peers are the app's own),
    // measured on this project's node_modules: the sum of the sizes of each package's files.
    const sizes = new Map<string, number>();
    const queue: [string, string][] = Object.keys(packed.dependencies).map((name) => [name, ROOT]);
    while (queue.length > 0) {
      const [name, from] = queue.pop()!;
      const dir = packageDir(name, from);
      if (sizes.has(dir)) continue;
      sizes.set(dir, treeSize(dir));
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) queue.push([dep, dir]);
    }
    const names = [...sizes.keys()].map((d) => d.slice(d.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const dependencies = [...sizes.values()].reduce((a, b) => a + b, 0);
    const total = dependencies + pack.unpackedSize;
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    const largest = [...sizes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([d, n]) => `${path.basename(d)} ${mib(n)}`);
    process.stdout.write(
      `installing codecanvas-cdk8s adds ${mib(total)} MiB: the package ${mib(pack.unpackedSize)} MiB unpacked plus its dependencies ` +
        `${mib(dependencies)} MiB (${sizes.size} packages; largest, MiB: ${largest.join(', ')})\n`,
    );
    expect(names.filter((name) => CLI_ONLY.includes(name))).toEqual([]);
    for (const name of CLI_ONLY) expect(packed.dependencies[name]).toBeUndefined();
    expect(total).toBeLessThanOrEqual(INSTALL_BUDGET_BYTES);
  });

  test('require("codecanvas-cdk8s") loads none of the CLI-only packages', () => {
    const script = `
      const lib = require('codecanvas-cdk8s');
      if (typeof lib.CodeCanvasInstallation !== 'function') throw new Error('no CodeCanvasInstallation');
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ modules: loaded.length, cliOnly: ${JSON.stringify(CLI_ONLY)}.filter((d) => loaded.some((f) => f.includes('/node_modules/' + d + '/'))) }));`;
    const r = run(process.execPath, ['-e', script], app);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(result.cliOnly).toEqual([]);
    process.stdout.write(`require('codecanvas-cdk8s'): ${result.modules} modules\n`);
  });

  test('the CLI bundle runs every command with none of the CLI-only packages installed, and loads the Kubernetes client file only in preflight', () => {
    // None of them can be found from the bundle: not in the app, not above it (the app is outside the repository).
    // help, synth and validate then run from the bundle alone; preflight loads build/cli/kubernetes-client.js.
    const script = `
      const bundle = require.resolve('codecanvas-cdk8s/package.json').replace(/package\\.json$/, 'build/cli/codecanvas-cdk8s.js');
      const findable = ${JSON.stringify(CLI_ONLY)}.filter((d) => { try { return !!require.resolve(d, { paths: [require('path').dirname(bundle)] }); } catch { return false; } });
      const { main } = require(bundle);
      const loadedCliOnly = () => ${JSON.stringify(CLI_ONLY)}.filter((d) => Object.keys(require.cache).some((f) => f.includes('/node_modules/' + d + '/')));
      const io = { stdout: () => {}, stderr: (s) => process.stderr.write(s), env: { ...process.env, CODECANVAS_CONFIG: 'codecanvas.yaml' }, cwd: process.cwd() };
      (async () => {
        const steps = { findable };
        steps.help = await main(['help'], io);
        steps.synth = await main(['synth', '--out', 'cli-out'], io);
        steps.validate = await main(['validate'], io);
        steps.loadedCliOnly = loadedCliOnly();
        steps.clientBeforePreflight = Object.keys(require.cache).some((f) => f.endsWith('/kubernetes-client.js'));
        // client-node is not installed with the package: preflight loads the copy bundled into build/cli and gets as
        // far as the (unreachable) API server.
        const errors = [];
        steps.preflight = await main(['preflight', '--kubeconfig', 'kubeconfig.yaml'], { ...io, stderr: (s) => errors.push(s), stdout: (s) => errors.push(s) });
        steps.preflightSays = errors.join('');
        steps.clientAfterPreflight = Object.keys(require.cache).some((f) => f.endsWith('/build/cli/kubernetes-client.js'));
        console.log(JSON.stringify(steps));
      })();`;
    fs.writeFileSync(
      path.join(app, 'kubeconfig.yaml'),
      'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:9" } }]\n' +
        'users: [{ name: u, user: { token: t } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\ncurrent-context: x\n',
    );
    expect(path.relative(ROOT, app).startsWith('..')).toBe(true);
    for (const name of CLI_ONLY) expect([name, fs.existsSync(path.join(app, 'node_modules', name))]).toEqual([name, false]);
    const r = run(process.execPath, ['-e', script], app);
    expect(r.stderr).toBe('');
    const steps = JSON.parse(r.stdout);
    expect(steps.findable).toEqual([]);
    expect([steps.help, steps.synth, steps.validate]).toEqual([0, 0, 0]);
    expect(steps.loadedCliOnly).toEqual([]);
    expect(steps.clientBeforePreflight).toBe(false);
    expect(steps.preflightSays).toMatch(/cannot reach the API server https:\/\/127\.0\.0\.1:9/);
    expect(steps.preflight).toBe(1);
    expect(steps.clientAfterPreflight).toBe(true);
    expect(steps.preflightSays).not.toMatch(/Cannot find module/);
  });

  test('the installed bin runs the CLI bundled at build time: --version, synth (the committed dist/), validate (config, core kinds and CRD schemas)', () => {
    const bin = path.join(app, 'node_modules', '.bin', 'codecanvas-cdk8s');
    const version = run(process.execPath, [bin, '--version'], app);
    expect(version.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(version.status).toBe(0);

    const synth = run(process.execPath, [bin, 'synth', '--config', 'codecanvas.yaml', '--out', 'bin-out'], app);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    // The same files as dist/ (from examples/aks.yaml), but for the config's name in INSTALL.md.
    const expected = readTree(path.join(ROOT, 'dist'));
    expected['INSTALL.md'] = expected['INSTALL.md'].replaceAll('`examples/aks.yaml`', '`codecanvas.yaml`').replaceAll(' examples/aks.yaml ', ' codecanvas.yaml ');
    expect(readTree(path.join(app, 'bin-out'))).toEqual(expected);

    // Valid: every object checked, and a core kind without a model or a CRD would be a problem ("no schema known"),
    // so this passes only if the bundled kubernetes-models validators and the CRD schemas were there and ran.
    const ok = run(process.execPath, [bin, 'validate', '--config', 'codecanvas.yaml'], app);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/codecanvas\.yaml: valid \(\d+ output files checked against Kubernetes and CRD schemas\)/);
    expect(ok.status).toBe(0);
    fs.writeFileSync(path.join(app, 'bad.yaml'), fs.readFileSync(path.join(app, 'codecanvas.yaml'), 'utf8').replace('port: 5432', 'port: 99999'));
    const bad = run(process.execPath, [bin, 'validate', '--config', 'bad.yaml'], app);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/database\.port: is 99999/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    // Nothing was compiled or cached inside the installed package.
    expect(fs.existsSync(path.join(app, 'node_modules', 'codecanvas-cdk8s', '.cache'))).toBe(false);
  });

  test('the installed validate catches a manifest its schemas reject: a copy of the package whose Application CRD lacks spec.syncPolicy', () => {
    // The output cannot be broken from a valid config, so the schema is: the bundled ajv checks the Applications
    // against the CRD file the package ships, and reports the field it no longer declares.
    const copy = path.join(work, 'tampered', 'node_modules', 'codecanvas-cdk8s');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.cpSync(path.join(app, 'node_modules', 'codecanvas-cdk8s'), copy, { recursive: true });
    const crdFile = path.join(copy, 'crds', 'argoproj.io_applications.yaml');
    const crd = yaml.load(fs.readFileSync(crdFile, 'utf8')) as any;
    for (const version of crd.spec.versions) {
      expect(version.schema.openAPIV3Schema.properties.spec.properties.syncPolicy).toBeDefined();
      delete version.schema.openAPIV3Schema.properties.spec.properties.syncPolicy;
    }
    fs.writeFileSync(crdFile, yaml.dump(crd));
    const r = run(process.execPath, [path.join(copy, 'bin', 'codecanvas-cdk8s.js'), 'validate', '--config', 'codecanvas.yaml'], app);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Application codecanvas: \/spec\/syncPolicy: unknown field "syncPolicy"/);
    expect(r.stderr).not.toMatch(/\n\s+at |Cannot find module/);
  });
});

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Compiles the consumer in `dir` with its tsconfig and no flags (`tsc` as the template's `compile` script runs it),
 * runs main.js, and checks it wrote its own chart plus one per CodeCanvas cluster; returns the dist/ file names.
 */
function compileAndRun(dir: string): string[] {
  const compiled = run(process.execPath, [TSC], dir);
  expect(compiled.stdout + compiled.stderr).toBe('');
  expect(compiled.status).toBe(0);
  const ran = run(process.execPath, ['main.js'], dir);
  expect(ran.stderr).toBe('');
  expect(ran.status).toBe(0);
  // cdk8s names the file of a chart nested in a construct by its path plus a hash.
  const files = fs.readdirSync(path.join(dir, 'dist')).sort();
  expect(files.map((f) => f.replace(/-[0-9a-f]{8}\.k8s\.yaml$/, '-HASH.k8s.yaml'))).toEqual([
    'codecanvas-application-HASH.k8s.yaml',
    'codecanvas-dev-westeurope-HASH.k8s.yaml',
    'platform.k8s.yaml',
  ]);
  return files;
}

/** Where Node would find package `name` when required from inside `from` (a package folder or the project). */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (needed from ${from})`);
  }
}

/** The sum of the sizes of the files under `dir` (symbolic links not followed). */
function treeSize(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sum + treeSize(full);
    return entry.isFile() ? sum + fs.statSync(full).size : sum;
  }, 0);
}

function committed(cluster: string): any[] {
  const dir = path.join(ROOT, 'dist', cluster);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as any[]);
}
