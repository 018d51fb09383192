/**
 * INSTALL.md's phases as the gitops-tier scenarios run them: phase 1 without the dev clusters' jump/operator
 * instance IDs (synth leaves those releases out), phase 3 with them, day 2 with a replicas change. Each phase's
 * config is synthesized into its own folder and committed to the rig's Git server.
 */
import * as path from 'node:path';
import { parseConfig } from '../../lib/config/load';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { GitRepo, Rig, ROOT } from './rig';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Phase = 'phase1' | 'phase3' | 'day2';

/**
 * `c` (a parsed example, already pointed at the rig) as of `phase`: phase 1 without any dev cluster's jump/operator
 * IDs; from phase 3 on with them (an example that declares a cluster before its IDs exist gets the IDs phase 2 would
 * give); day 2 runs 3 application pods.
 */
export function atPhase(c: Json, phase: Phase): Json {
  for (const d of c.devEnvironmentClusters) {
    for (const release of ['jump', 'operator'] as const) {
      if (!d[release]) continue;
      if (phase === 'phase1') delete d[release].instanceId;
      else d[release].instanceId ??= `${release}-${d.name}-from-phase-2`;
    }
  }
  if (phase === 'day2') c.application.replicas = 3;
  return c;
}

/**
 * Synthesizes `config` (with the secret values of `env`, the same in every phase) into `<rig dir>/out-<phase>` and
 * commits that as `gitPath` of the repository; returns the commit and the output folder.
 */
export function synthAndCommit(rig: Rig, git: GitRepo, config: Json, phase: Phase, gitPath: string, env: NodeJS.ProcessEnv): { commit: string; out: string } {
  const loaded = { config: parseConfig(config, `${phase}.yaml`), source: `${phase}.yaml`, baseDir: path.join(ROOT, 'examples') };
  const out = path.join(rig.dir, `out-${phase}`);
  writeOutput(out, synthesize(loaded, { env }).files);
  return { commit: git.commit(`CodeCanvas: ${phase}`, gitPath, out), out };
}

/**
 * The commands of INSTALL.md's phase-1 section that change a cluster (`kubectl --context <cluster> [-n <ns>]`
 * create / label / apply), in the order printed: from its bash blocks (continuation lines joined, comments skipped)
 * and its inline code. The checks it prints (get, logs, rollout) and a restart it asks for only after a change are
 * not part of the install.
 */
export function phase1Commands(guide: string): string[] {
  const section = /^## Phase 1\b[^]*?(?=^## )/m.exec(guide)?.[0];
  if (!section) throw new Error('INSTALL.md has no "## Phase 1" section');
  const commands: string[] = [];
  for (const part of section.split(/^```.*$/m).map((text, i) => ({ text, code: i % 2 === 1 }))) {
    const candidates = part.code
      ? part.text.replace(/\\\n\s*/g, '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
      : [...part.text.matchAll(/`(kubectl [^`]+)`/g)].map((m) => m[1]);
    commands.push(...candidates.filter((c) => ['create', 'label', 'apply'].includes(verbOf(c) ?? '')));
  }
  return commands;
}

/** The verb of a `kubectl --context X [-n N] <verb> ...` line, undefined for anything else. */
function verbOf(line: string): string | undefined {
  const words = line.split(/\s+/);
  if (words[0] !== 'kubectl' || words[1] !== '--context') return undefined;
  let i = 3;
  while (words[i] === '-n' || words[i] === '--namespace') i += 2;
  return words[i];
}
