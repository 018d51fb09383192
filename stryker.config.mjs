import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lazy from './scripts/stryker/lazy-modules.js';

// Mutation testing (StrykerJS 9; version 10 needs Node 22). `npm run test:mutation` runs the folders below;
// `npm run test:mutation -- lib/config` runs one (scripts/mutation.js); CONTRIBUTING "Mutation testing" has the figures.
//
// coverageAnalysis perTest with ignoreStatic false: the jest runner re-runs test files in a fresh module registry for
// every mutant, so a mutant that only module-scope or beforeAll synthesis reaches ("static") is still observed: Stryker
// runs it against every test (measured: see CONTRIBUTING). The proof that a planted mutant is killed is
// `npm run test:mutation:proof` (scripts/mutation-proof.js).

/**
 * What is mutated, one Stryker run per entry: every folder of the library (lib/) and of the CLI (cli/), and the files
 * directly in lib/ and in cli/ (the `*.ts` entries). Each has the 95 % target; __tests__/mutation-config.test.ts
 * checks that every .ts file under lib/ and cli/ is mutated by exactly one entry or is an I/O shell of NOT_MUTATED,
 * so a new folder or file cannot drop out.
 */
export const MUTATION_FOLDERS = [
  'lib/config',
  'lib/constructs',
  'lib/renderers',
  'lib/secrets',
  'lib/charts',
  'lib/util',
  'lib/*.ts',
  'cli/output',
  'cli/validate',
  'cli/upgrade',
  'cli/preflight',
  'cli/plan',
  'cli/keys',
  'cli/reference',
  'cli/*.ts',
];

/** The globs an entry of MUTATION_FOLDERS mutates: a folder's files at any depth, or the files a `*.ts` entry names. */
export function globsOf(entry) {
  if (entry === 'all') return ['lib/**/*.ts', 'cli/**/*.ts'];
  return entry.endsWith('.ts') ? [entry] : [`${entry}/**/*.ts`];
}

/** The name of an entry's (and part's) reports in reports/mutation/: `lib-config`, `cli-top` (for `cli/*.ts`), `lib-config-schema`. */
export function reportTag(entry, part) {
  return `${entry.replace(/\/+$/, '').replace(/\/\*\.ts$/, '/top').replace(/\//g, '-')}${part ? `-${part}` : ''}`;
}

/**
 * Never mutated: the CLI's I/O shells (argument parsing, process exit codes, reading files and clusters: covered by
 * the CLI tests and the cluster tier, not by unit assertions) and the generated CRD bindings in imports/. Also the
 * generated config types (types only, no mutant): the sandbox copy of that file lost its final line break when it was
 * in a run, which failed the test that checks it is current, in the dry run of lib/config:rest.
 */
export const NOT_MUTATED = [
  'cli/main.ts',
  'cli/read-output.ts',
  'cli/**/*-command.ts',
  'cli/preflight/kube-reader.ts',
  'lib/config/config-types.ts',
  'imports/**',
];

/**
 * Folders with more mutants than one run tests in 30 minutes here, split into parts (globs) that
 * `npm run test:mutation` runs one after another, each with its own report, reports/mutation/<folder>-<part>.json;
 * scripts/mutation-table.js adds the parts up into the folder's row. `npm run test:mutation -- lib/config:schema`
 * runs one part.
 */
export const MUTATION_PARTS = {
  // schema.ts (zod definitions built at import) on its own; the rest, 2,954 mutants, was estimated at over 10 hours in
  // one run (session 10, stopped after 321): nearly every test file loads a config, so every mutant reached at import
  // ran dozens of test files. In parts by what the code does, each with the test files that assert it: `load` (the
  // checks' order, the limits, the messages, the validated-once shortcut), `yaml` (the YAML text to an object: every
  // config text goes through it, so its surviving mutants ran every file that parses one: a `load` run holding it
  // stood at 585 of 910 after 50 minutes), `scan` (what the loader finds in the raw config: hidden characters,
  // unknown and machinery keys, secrets and private keys), `rules` (the cross-field rules the schema refines with),
  // and `rest` (the chart and operator defaults, the operator pod fields; config-types.ts, types only, stays out
  // through NOT_MUTATED).
  'lib/config': {
    schema: ['lib/config/schema.ts'],
    load: ['lib/config/load.ts', 'lib/config/errors.ts', 'lib/config/refuse.ts', 'lib/config/validated.ts', 'lib/config/public.ts'],
    yaml: ['lib/config/yaml-source.ts'],
    scan: ['lib/config/hidden-text.ts', 'lib/config/key-display.ts', 'lib/config/secret-rules.ts'],
    rules: ['lib/config/rules.ts', 'lib/config/argocd-rules.ts', 'lib/config/delivery-rules.ts', 'lib/config/mode-rules.ts', 'lib/config/ownership-rules.ts', 'lib/config/ingress-inheritance.ts'],
    rest: ['lib/config/chart-defaults.ts', 'lib/config/operator-defaults.ts', 'lib/config/operator-pod-schema.ts', 'lib/config/config-types.ts'],
  },
  // 1,590 mutants, estimated at over 3 hours in one run: INSTALL.md's text is written in every synth, so each of
  // install-guide.ts's mutants ran every test file that synthesizes.
  'cli/output': { rest: ['cli/output/**/*.ts', '!cli/output/install-guide.ts'], guide: ['cli/output/install-guide.ts'] },
  // 1,479 mutants, estimated at 2 hours: its rule tables are built at import (static mutants), which ran every test
  // file that validates output. One part, with the test files that assert the validator's findings.
  'cli/validate': { checks: ['cli/validate/**/*.ts'] },
  // 1,312 mutants, estimated at 75 minutes in one run: in parts, so that the survivors of one part can be dealt with
  // while the next one runs. The I/O shells matched by `commands` stay out through NOT_MUTATED.
  'cli/*.ts': {
    diff: ['cli/diff.ts', 'cli/change-rules.ts'],
    synth: ['cli/synth.ts', 'cli/synth-output.ts', 'cli/upgrade-check-output.ts'],
    commands: ['cli/*.ts', '!cli/diff.ts', '!cli/change-rules.ts', '!cli/synth.ts', '!cli/synth-output.ts', '!cli/upgrade-check-output.ts'],
  },
  // 876 mutants; constructs are built in nearly every test file (the charts synthesize them), and a mutant reached at
  // describe scope or in beforeAll ran every such file: session 10's run (concurrency 1) was stopped after 318 of
  // them. One part, with the test files that assert the constructs' behaviour.
  'lib/constructs': { behaviour: ['lib/constructs/**/*.ts'] },
  // 2,076 mutants since the YAML writer and the shared rules moved here, 72 % of them static (rule constants built at
  // import, which nearly every test file loads): one run was estimated at 5-7 hours.
  // 698 mutants, estimated at hours in session 10 (236 done, then stopped): every synth builds the charts and checks
  // the secret variables, so a surviving mutant ran every test file that synthesizes. Two parts, each with the test
  // files that assert its behaviour: the charts' output, and the secret variables and sources.
  'lib/charts': {
    charts: ['lib/charts/**/*.ts', '!lib/charts/secret-variables.ts', '!lib/charts/secret-source-for.ts', '!lib/charts/secret-names.ts'],
    secrets: ['lib/charts/secret-variables.ts', 'lib/charts/secret-source-for.ts', 'lib/charts/secret-names.ts'],
  },
  'lib/util': {
    yaml: ['lib/util/yaml.ts'],
    text: ['lib/util/hidden-text.ts', 'lib/util/mixed-script.ts', 'lib/util/secret-text.ts'],
    rules: ['lib/util/**/*.ts', '!lib/util/yaml.ts', '!lib/util/hidden-text.ts', '!lib/util/mixed-script.ts', '!lib/util/secret-text.ts'],
  },
};

/**
 * The test files a part runs, when not every related one (names in __tests__/, without `.test.ts`). schema.ts is zod
 * definitions built at import, so every mutant in it is "static" and runs every test file that reached it at import:
 * about 30 files that load a config, 2-3 minutes per surviving mutant (measured: 212 of 807 mutants in 8 minutes).
 * Its part runs the test files that assert what the schema accepts, refuses, defaults and documents. Running fewer
 * tests can only lower a score, never raise it.
 */
export const PART_TESTS = {
  'lib/config:schema': ['config-schema', 'config-rules', 'behaviour-config', 'bad-configs', 'bad-configs.property', 'argocd-render-limits', 'dev-clusters', 'hostile-input'],
  // The rest of lib/config: every test file that loads a config reached its rules and its loader (many at import or in
  // beforeAll), so each part runs the files that assert what it does: the loader's messages, limits and YAML
  // handling; the raw-config scans' findings; the cross-field rules' refusals; the operator defaults' output.
  'lib/config:load': ['yaml-source', 'behaviour-config', 'bad-configs', 'bad-configs.property', 'config-schema', 'config-rules', 'read-file', 'hostile-input', 'secret-text', 'secret-leaks', 'key-display', 'library', 'validate-once', 'review-fixes'],
  'lib/config:yaml': ['yaml-source', 'bad-configs', 'bad-configs.property', 'behaviour-config', 'hostile-input', 'secret-leaks', 'read-file'],
  'lib/config:scan': ['hidden-text', 'key-display', 'secret-leaks', 'secret-text', 'hostile-input', 'bad-configs', 'behaviour-config', 'config-rules', 'config-schema', 'yaml-source', 'validate-once', 'keys-public-keys'],
  'lib/config:rules': ['config-rules', 'delivery-rules', 'unused-settings', 'argocd-render-limits', 'dev-clusters', 'bad-configs', 'bad-configs.property', 'behaviour-config', 'hostile-input', 'config-schema', 'one-rule', 'per-cluster'],
  'lib/config:rest': ['codecanvas-operator', 'argocd-render-limits', 'config-schema', 'config-rules', 'behaviour-config', 'behaviour-charts', 'review-fixes', 'per-cluster'],
  // lib/util's rules are constants built at import, so every file that loads a config reached every one of them, and a
  // surviving mutant ran all their tests (with the secret-leak and bad-config corpora: about 20 s each, 2 hours for
  // the text rules): its parts run the files that assert the writer's format, the text rules and the shared rules.
  'lib/util:yaml': ['yaml-writer', 'behaviour-output', 'output-write', 'yaml-source'],
  'lib/util:text': ['hostile-input', 'secret-text', 'secret-text-tables', 'hidden-text', 'mixed-script', 'one-rule', 'review-fixes'],
  // The files that assert INSTALL.md's content: its sections, commands and quoting, per cluster and per mode, and the
  // golden guide.
  'cli/output:guide': ['behaviour-install-guide', 'install-guide', 'install-guide-golden', 'install-guide-quoting', 'per-cluster', 'util-names', 'synth', 'dev-clusters', 'sealed-secrets', 'preflight-same-server'],
  'cli/validate:checks': ['argocd-render-limits', 'bootstrap', 'codecanvas-operator', 'core-kinds', 'crd-schema', 'dev-clusters', 'manifest-schemas', 'references', 'validate-ajv-problems', 'validate-chart-values', 'validate-crd-registry', 'validate-independence', 'validate-manifests-edges', 'validate-objects', 'validate-read-yaml', 'validate-references-rules', 'validate-rules', 'cli'],
  // The command tables (command-definitions.ts, command-spec.ts) are built at import, so their mutants are static and
  // ran every test file that calls the CLI in-process (the bad-config and secret corpora among them): 3 mutants a
  // minute. The part runs the files that assert the CLI's arguments, help, dispatch, messages and exit codes.
  'cli/*.ts:commands': ['dispatch', 'cli', 'cli-reference', 'cli-messages', 'upgrade-check', 'commands-unit', 'commands-run'],
  // The constructs' own tests (each construct's output, refusals and metadata), the operator's and bootstrap's, the
  // shared rules' (one-rule, secret-text), and the files that assert what the charts and the output writer build
  // from them (behaviour-*, output-write*, install steps, delivery, per-cluster).
  'lib/constructs:behaviour': ['library', 'constructs', 'behaviour-constructs', 'codecanvas-operator', 'bootstrap', 'one-rule', 'secret-text', 'sealed-secrets', 'behaviour-output', 'behaviour-renderers', 'behaviour-charts', 'behaviour-secrets', 'behaviour-issue-examples', 'output-write', 'output-write-failures', 'delivery-rules', 'unused-settings', 'validate-objects', 'install-script', 'per-cluster'],
  // What the application and dev-environment cluster charts write (per cluster, per delivery mode and secret source),
  // the operator's delivery, the Argo CD bootstrap and limits, and the guide's references to their names.
  'lib/charts:charts': [
    'behaviour-charts', 'per-cluster', 'dev-clusters', 'codecanvas-operator', 'bootstrap', 'argocd-render-limits', 'references',
    'install-guide', 'behaviour-install-guide', 'synth', 'synth-unit', 'one-rule', 'validate-once', 'cli-messages',
    'behaviour-issue-examples', 'unused-settings', 'installation-secret-sources', 'sealed-secrets', 'behaviour-renderers',
    'layering', 'library', 'validate-chart-values',
  ],
  // The environment variables a config's secret source reads and their problems, the sources per cluster, the names.
  'lib/charts:secrets': [
    'secret-variables', 'installation-secret-sources', 'sealed-secrets', 'read-file', 'behaviour-secrets', 'behaviour-charts', 'bad-configs', 'secret-leaks',
    'behaviour-config', 'per-cluster', 'synth', 'one-rule', 'dev-clusters', 'behaviour-install-guide', 'cli-messages', 'unused-settings',
  ],
  'lib/util:rules': ['one-rule', 'util-names', 'util-image', 'util-rules', 'read-file', 'config-rules', 'install-script', 'install-guide-quoting', 'hostile-input', 'cli-messages'],
};

/** STRYKER_FOLDERS=lib/a,cli/b narrows the run (scripts/mutation.js sets it); `all` is every file of lib/ and cli/. */
const requested = (process.env.STRYKER_FOLDERS ?? MUTATION_FOLDERS.join(','))
  .split(',')
  .map((f) => f.trim().replace(/\/+$/, ''))
  .filter(Boolean);
const folders = requested.includes('all') ? ['all'] : requested;
/** STRYKER_PART=<part> (with one folder of MUTATION_PARTS in STRYKER_FOLDERS) mutates only that part's files. */
const part = process.env.STRYKER_PART;
const partGlobs = part === undefined ? undefined : MUTATION_PARTS[folders[0]]?.[part];
const partTests = part === undefined ? undefined : PART_TESTS[`${folders[0]}:${part}`];
if (part !== undefined && (folders.length !== 1 || !partGlobs)) {
  throw new Error(`STRYKER_PART=${part}: STRYKER_FOLDERS must be one folder with that part in MUTATION_PARTS (got ${folders.join(',')})`);
}

/**
 * The CLI commands' test files (preflight, plan, keys, CLI dispatch). They import the synthesis too, so jest's
 * findRelatedTests would load them for every mutant of a library folder, at a cost of seconds per mutant, while
 * asserting the CLI's behaviour. Runs that mutate only lib/ folders leave them out (STRYKER_ALL_TESTS=1 keeps them);
 * this can only lower those folders' scores, never raise them. Runs of cli/ folders keep them.
 */
const CLI_TESTS = ['<rootDir>/__tests__/preflight.test.ts', '<rootDir>/__tests__/plan.test.ts', '<rootDir>/__tests__/keys.test.ts', '<rootDir>/__tests__/cli.test.ts'];
const libraryOnly = folders.every((f) => f.startsWith('lib/')) && process.env.STRYKER_ALL_TESTS !== '1';
const tag = process.env.STRYKER_TAG ?? (requested.length === 1 ? reportTag(folders[0], part) : 'default');

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The modules the mutated code requires lazily, inside the run's folders (lib/config/schema for lib/config): a jest
 * setup file loads them before the first test, so that their module-level code is reached outside tests and a mutant
 * of it runs against every test of a file, not only the test that happened to load it first
 * (scripts/stryker/lazy-modules.js). Set in the Stryker process; its test runner processes inherit it.
 */
const notMutated = lazy.globMatcher(NOT_MUTATED);
const LAZY_MODULES = lazy.lazyModulesFor(HERE, folders, (file) => !notMutated(file));
if (LAZY_MODULES.length > 0) process.env[lazy.LAZY_MODULES_ENV] = LAZY_MODULES.join(',');
else delete process.env[lazy.LAZY_MODULES_ENV];

/**
 * Which test files and tests reached which mutant in the dry run, one JSON line per file (scripts/stryker/): a
 * mutant run then loads only those files and runs only those tests (all of a file's tests when the file reached the
 * mutant outside any test), and stops after its first failure. Time only: see scripts/stryker/ for why no mutant
 * changes status. Set once, in the Stryker process; its test runner processes inherit it.
 */
if (!process.env.STRYKER_FILE_COVERAGE) {
  process.env.STRYKER_FILE_COVERAGE = path.join(os.tmpdir(), `codecanvas-stryker-${tag.replace(/\W/g, '_')}-${process.pid}.jsonl`);
  fs.rmSync(process.env.STRYKER_FILE_COVERAGE, { force: true });
}

/**
 * `npm run test:mutation:proof` (scripts/mutation-proof.js): one line of output-changing code, observed ONLY by the
 * example synthesis that __tests__/mutation-proof.test.ts runs at describe scope (the mutants are static). It must be
 * reported Killed. That test file is left out of the ordinary runs: its static coverage would make every mutant it
 * reaches run against all tests.
 */
const PROOF_FILE = 'lib/constructs/azure-disk-storage-class.ts';
/** Found by content, so that edits above it do not move the proof off its line. */
const PROOF_LINE = fs.readFileSync(path.join(HERE, PROOF_FILE), 'utf8').split('\n').findIndex((l) => /^\s*parameters: \{/.test(l)) + 1;
export const PROOF = { mutate: `${PROOF_FILE}:${PROOF_LINE}-${PROOF_LINE}`, tests: '**/__tests__/mutation-proof.test.ts', report: 'reports/mutation-proof/report.json' };
const proof = process.env.STRYKER_PROOF === '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  // lib/ joins jest's roots so that findRelatedTests follows imports through cli/synth.ts and lib/charts to the
  // mutated file (with only __tests__ as root, jest finds just the tests importing that file directly).
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      roots: ['<rootDir>/__tests__', '<rootDir>/lib', '<rootDir>/cli'],
      // Absolute, from the project (not the sandbox): Stryker's environment wrapper requires the name verbatim.
      // STRYKER_PLAIN=1 leaves them out (plain Stryker, for control runs).
      ...(process.env.STRYKER_PLAIN === '1'
        ? {}
        : {
            testEnvironment: path.join(HERE, 'scripts', 'stryker', 'file-coverage-environment.js'),
            filter: path.join(HERE, 'scripts', 'stryker', 'file-filter.js'),
            testRunner: path.join(HERE, 'scripts', 'stryker', 'jest-circus-bail-runner.js'),
            testSequencer: path.join(HERE, 'scripts', 'stryker', 'kills-first-sequencer.js'),
            // From the sandbox (<rootDir>), so that it loads the mutated copies.
            ...(LAZY_MODULES.length > 0 ? { setupFiles: ['<rootDir>/scripts/stryker/load-lazy-modules.js'] } : {}),
          }),
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/mutation-proof.test.ts', ...(libraryOnly ? CLI_TESTS : [])],
      ...(partTests ? { testMatch: partTests.map((t) => `<rootDir>/__tests__/${t}.test.ts`) } : {}),
    },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  ignoreStatic: false,
  mutate: [...(partGlobs ?? folders.flatMap(globsOf)), ...NOT_MUTATED.map((p) => `!${p}`)],
  // The sandbox needs dist/ (a test compares it with a fresh synth), crds/, examples/ and the chart fixtures.
  ignorePatterns: ['.cache', 'reports', 'coverage', '.stryker-tmp', 'bench/results'],
  // Only lib/ and cli/ get `// @ts-nocheck` in the sandbox: some tests read other files verbatim (the README's library
  // example must equal examples/library/main.ts), and nothing outside lib/ and cli/ is mutated. Nor does the generated
  // lib/config/config-types.ts (types only, no mutant): a test compares it with a fresh generation.
  disableTypeChecks: '{lib,cli}/**/!(config-types).{js,ts}',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Two cores: one jest per core. The machine is shared and its load varies: a generous timeout, so that a mutant
  // reported Timeout (counted as detected) is a real hang (an endless loop), not a slow moment of the machine.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutFactor: 3,
  timeoutMS: 60000,
  // Incremental: reruns only mutants whose code or covering tests changed. Machine-local, git-ignored (reports/).
  incremental: true,
  incrementalFile: `reports/mutation/${tag}.incremental.json`,
  reporters: ['progress', 'clear-text', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${tag}.json` },
  htmlReporter: { fileName: `reports/mutation/${tag}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 85, break: null },
};

export default proof
  ? {
      ...config,
      mutate: [PROOF.mutate],
      jest: { ...config.jest, config: { ...config.jest.config, testMatch: [PROOF.tests], testPathIgnorePatterns: ['/node_modules/'], setupFiles: [] } },
      incremental: false,
      concurrency: 1,
      reporters: ['clear-text', 'json'],
      jsonReporter: { fileName: PROOF.report },
    }
  : config;
