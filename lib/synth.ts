import { App, Chart } from 'cdk8s';
import { LoadedConfig } from './config/load';
import { CodeCanvasInstallation } from './codecanvas-installation';
import { chartFiles, OutputEntry } from './output/layout';
import { installGuide } from './output/install-guide';
import { packageRoot } from './paths';
import * as path from 'path';

/** Problems found while building the output (missing env variables, plaintext without opt-in, ...). */
export class SynthError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`synth failed: ${problems.length} problem${problems.length === 1 ? '' : 's'} found\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SynthError';
  }
}

export interface SynthOptions {
  /** Where env-sourced secret values are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Installation {
  readonly app: App;
  readonly installation: CodeCanvasInstallation;
  readonly application: Chart;
  readonly devEnvironments: readonly Chart[];
}

export interface SynthResult {
  readonly files: readonly OutputEntry[];
  /** Fields written in plain text under the `allowPlaintextSecrets` opt-in. */
  readonly warnings: readonly string[];
}

/** Builds the construct tree of an installation: a `CodeCanvasInstallation` (one cdk8s Chart per cluster) in a new App. */
export function buildInstallation(loaded: LoadedConfig, options: SynthOptions = {}): Installation & { warnings: () => string[] } {
  const app = new App({ outdir: 'dist' });
  const installation = new CodeCanvasInstallation(app, 'CodeCanvas', {
    config: loaded.config,
    baseDir: loaded.baseDir,
    source: loaded.source,
    env: options.env ?? process.env,
  });
  return {
    app,
    installation,
    application: installation.application,
    devEnvironments: installation.devEnvironments,
    warnings: () => installation.plaintextFields,
  };
}

/** Every validation error in the tree, each prefixed with its construct path. */
export function validationErrors(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((c) => c.node.validate())
    .filter((message, index, all) => all.indexOf(message) === index);
}

/** Synthesizes an installation into output files, in memory. Throws SynthError with every problem found. */
export function synthesize(loaded: LoadedConfig, options: SynthOptions = {}): SynthResult {
  const installation = buildInstallation(loaded, options);
  const problems = validationErrors(installation.app);
  if (problems.length > 0) throw new SynthError(problems);
  const charts = installation.installation.charts;
  const guide = { path: 'INSTALL.md', content: installGuide(loaded.config, displayPath(loaded.source)) };
  const files = [...charts.flatMap(chartFiles), guide].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, warnings: installation.warnings() };
}

/** How output files name the config: relative to the package when inside it, else its file name (stable across machines). */
function displayPath(source: string): string {
  const rel = path.relative(packageRoot(), path.resolve(source));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.basename(source) : rel.split(path.sep).join('/');
}
