import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, formatIssue } from '../lib/config/errors';
import { LoadedConfig, loadConfigFile, resolveConfigPath } from '../lib/config/load';
import { synthesize, SynthError, SynthResult } from './synth';
import { isGeneratedFile } from './output/write';
import { isManifestPath } from './output/layout';
import { CommandIO } from './args';
import { DIFF, SYNTH, VALIDATE } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { blockedChanges, DIFF_EXIT, diffExitCode, diffOutputs, renderDiff } from './diff';
import { readOutputDir } from './read-output';
import { SEALING_KEY_ENV } from '../lib/util/names';
import { secretVariableIssues } from '../lib/charts/secret-variables';
import { runSynth } from './synth-command';
import { outputDir, printWarnings } from './synth-output';

export const VALIDATE_HELP = helpText(VALIDATE);
export const SYNTH_HELP = helpText(SYNTH);
export const DIFF_HELP = helpText(DIFF);

/** The config, with the problems of the secret source's environment variables reported alongside its own. */
function load(config: string | undefined, io: CommandIO): LoadedConfig {
  return loadConfigFile(resolveConfigPath(config, io.env, io.cwd), { moreIssues: (raw) => secretVariableIssues(raw, io.env) });
}

/** Problems as `{ where, message }` pairs, whatever their origin. */
interface Problem {
  readonly where: string;
  readonly message: string;
}

function problemsOf(e: unknown): Problem[] | undefined {
  if (e instanceof ConfigError) return e.issues.map((i) => ({ where: i.path, message: formatIssue(i) }));
  if (e instanceof SynthError) return e.problems.map((p) => ({ where: p.split(':')[0], message: p }));
  return undefined;
}

export function runValidate(argv: string[], io: CommandIO): number {
  const values = parseCommand(argv, VALIDATE) as { config?: string; json?: boolean; help?: boolean };
  if (values.help) return io.stdout(VALIDATE_HELP), 0;
  let source = values.config ?? '(config)';
  let problems: Problem[];
  let objects = 0;
  // What synth would warn about (releases left out, plaintext fields) is not a problem: printed, exit code unchanged.
  let notices: Pick<SynthResult, 'warnings' | 'notes'> = { warnings: [], notes: [] };
  // Loaded here, not with the CLI: the schema validators pull in ajv and the CRD schemas, which only validate needs.
  const { validateYamlFiles } = require('./validate/manifest-schemas') as typeof import('./validate/manifest-schemas');
  const { danglingReferences } = require('./validate/references') as typeof import('./validate/references');
  let upgrade: typeof import('./upgrade/upgrade-check') | undefined;
  try {
    const loaded = load(values.config, io);
    source = loaded.source;
    const result = synthesize(loaded, { env: io.env });
    objects = result.files.length;
    notices = { warnings: result.warnings, notes: result.notes ?? [] };
    problems = validateYamlFiles(result.files.filter((f) => isManifest(f.path))).map((p) => ({
      where: `${p.file ?? ''} ${p.kind}/${p.name}`.trim(),
      message: `${p.file ?? ''}: ${p.kind} ${p.name}: ${p.path}: ${p.message}`,
    }));
    for (const message of danglingReferences(result.files, loaded.config)) problems.push({ where: message.split(':')[0], message });
    if (io.env.CODECANVAS_CHART) {
      // The values of every release against the packaged chart the variable names (see upgrade-check).
      upgrade = require('./upgrade/upgrade-check') as typeof import('./upgrade/upgrade-check');
      const report = upgrade.upgradeCheck(loaded, path.resolve(io.cwd, io.env.CODECANVAS_CHART), io.env);
      problems.push(
        ...report.problems.map((p) => ({
          where: `upgrade-check ${p.release} ${p.path}`,
          message: `${p.release} (chart ${report.chart.name} ${report.chart.version} from CODECANVAS_CHART): ${p.path}: ${p.message}`,
        })),
      );
    }
  } catch (e) {
    const known = upgrade && e instanceof upgrade.UpgradeCheckError ? [{ where: 'CODECANVAS_CHART', message: e.message }] : problemsOf(e);
    if (!known) throw e;
    problems = known;
  }
  if (!values.json) printWarnings(notices, io.stderr);
  if (values.json) {
    const { warnings, notes } = notices;
    io.stdout(`${JSON.stringify({ config: source, valid: problems.length === 0, problems, warnings, notes }, null, 2)}\n`);
  } else if (problems.length === 0) {
    io.stdout(`${source}: valid (${objects} output files checked against Kubernetes and CRD schemas)\n`);
  } else {
    io.stderr(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'} found\n${problems.map((p) => `  - ${p.message}`).join('\n')}\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

export function runSynthCommand(argv: string[], io: CommandIO): number {
  const values = parseCommand(argv, SYNTH) as { config?: string; out?: string; help?: boolean };
  if (values.help) return io.stdout(SYNTH_HELP), 0;
  return runSynth({
    config: values.config,
    outdir: path.resolve(io.cwd, values.out ?? outputDir(io.env)),
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
  });
}

export function runDiff(argv: string[], io: CommandIO): number {
  const values = parseCommand(argv, DIFF) as {
    config?: string;
    out?: string;
    json?: boolean;
    help?: boolean;
    'allow-replacements'?: boolean;
    'allow-deletions'?: boolean;
  };
  if (values.help) return io.stdout(DIFF_HELP), 0;
  let result: SynthResult;
  try {
    result = synthesize(load(values.config, io), { env: io.env });
  } catch (e) {
    const known = problemsOf(e);
    if (!known) throw e;
    io.stderr(`${(e as Error).message}\n`);
    return 1;
  }
  const outdir = path.resolve(io.cwd, values.out ?? outputDir(io.env));
  if (!fs.existsSync(outdir) || !fs.statSync(outdir).isDirectory()) {
    // Comparing with an empty folder would call everything "added" and hide a typo in --out.
    io.stderr(`diff: ${outdir} is not a directory; give --out the folder that holds the committed output (run synth first for a new installation)\n`);
    return DIFF_EXIT.invalid;
  }
  const gates = { allowReplacements: values['allow-replacements'], allowDeletions: values['allow-deletions'] };
  // Files synth did not write (kept by synth) are not part of the comparison.
  const current = new Map([...readOutputDir(outdir)].filter(([file, content]) => isGeneratedFile(file, content)));
  const changes = diffOutputs(current, result.files);
  const code = diffExitCode(changes, gates);
  // Without the sealing key, sealing is randomized: every SealedSecret differs from the committed one though no value
  // changed, and would be reported as a rotation with no reason given. (Only a sealedSecrets config writes SealedSecrets.)
  const unkeyed = !io.env[SEALING_KEY_ENV] && changes.some((c) => c.action === 'rotation' && c.object.startsWith('SealedSecret '));
  if (unkeyed) {
    io.stderr(
      `diff: note: ${SEALING_KEY_ENV} is not set, so this synth sealed every Secret with fresh randomness: each SealedSecret below shows as a ` +
        `secret rotation even where no value changed; set ${SEALING_KEY_ENV} (from \`codecanvas-cdk8s keys\`) as for synth to compare them\n`,
    );
  }
  if (values.json) {
    const blocked = blockedChanges(changes, gates).map((c) => c.object);
    io.stdout(`${JSON.stringify({ outdir, upToDate: changes.length === 0, exitCode: code, blocked, changes }, null, 2)}\n`);
  } else {
    io.stdout(renderDiff(changes));
    if (code === DIFF_EXIT.dangerousChanges) {
      io.stderr(
        `diff: ${blockedChanges(changes, gates).length} replacement(s) or deletion(s) above; review them, then pass --allow-replacements / --allow-deletions to accept\n`,
      );
    }
  }
  return code;
}

function isManifest(file: string): boolean {
  return isManifestPath(file);
}
