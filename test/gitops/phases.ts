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

/** `c` (a parsed example, already pointed at the rig) as of `phase`; day 2 runs 3 application pods. */
export function atPhase(c: Json, phase: Phase): Json {
  for (const d of c.devEnvironmentClusters) {
    if (phase === 'phase1') {
      delete d.jump.instanceId;
      delete d.operator.instanceId;
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
