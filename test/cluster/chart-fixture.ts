/**
 * What the cluster-tier tests against the real CodeCanvas chart share: the helm binary tools/build.sh builds, the
 * packaged chart named by env CODECANVAS_CHART, why such a test has to be skipped, and running a tool with its
 * failure reported in full.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assetsFor } from './envtest';

const ROOT = path.resolve(__dirname, '..', '..');

/** The helm binary built by tools/build.sh ($TOOLS_CACHE_DIR overrides `.cache`). */
export const HELM = path.join(process.env.TOOLS_CACHE_DIR ?? path.join(ROOT, '.cache'), 'bin', 'helm');

/** The packaged CodeCanvas chart (.tgz from helm pull) named by CODECANVAS_CHART, if any. */
export const CHART = process.env.CODECANVAS_CHART ? path.resolve(process.env.CODECANVAS_CHART) : undefined;

/** Whether etcd, kube-apiserver and kubectl of Kubernetes `version` are there. */
export function hasEnvtestBinaries(version: string): boolean {
  return ['etcd', 'kube-apiserver', 'kubectl'].every((b) => fs.existsSync(path.join(assetsFor(version), b)));
}

/**
 * Why a test that renders CHART with helm against an API server of Kubernetes `version` cannot run (no chart,
 * no helm, no envtest binaries), or undefined when it can.
 */
export function chartSkipReason(version: string | undefined): string | undefined {
  if (!CHART) return 'CODECANVAS_CHART is not set: point it at a packaged CodeCanvas chart (.tgz from helm pull)';
  if (!fs.existsSync(CHART)) return `CODECANVAS_CHART=${CHART} does not exist`;
  if (!fs.existsSync(HELM)) return 'no helm binary: run bash tools/build.sh';
  if (!version || !hasEnvtestBinaries(version)) return `no envtest binaries for Kubernetes ${version}: run bash tools/build.sh`;
  return undefined;
}

/** Runs a tool and returns its stdout; a non-zero exit throws with `what`, the exit code, stderr and stdout's start. */
export function run(cmd: string, args: string[], what: string, opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, input: opts.input, env: opts.env });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}\n${(r.stdout ?? '').slice(0, 2000)}`);
  return r.stdout;
}
