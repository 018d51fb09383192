/** Writing the keys command's files: where they may go, and never over existing files unless asked. */
import * as fs from 'fs';
import * as path from 'path';

/** A refusal or invalid input of the keys command (exit 1, nothing written). */
export class KeysCommandError extends Error {}

/** A file to write, relative to the output folder. */
export interface KeysFile {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

/**
 * Refuses an output folder inside a git work tree's `dist/` (synth output, committed for GitOps): private keys
 * must not land there. Warns when the folder is elsewhere inside a work tree.
 */
export function checkOutDir(outDir: string, io: { stderr: (s: string) => void }): void {
  const top = gitWorkTree(outDir);
  if (!top) return;
  const rel = path.relative(top, outDir).split(path.sep);
  if (rel[0] === 'dist') {
    throw new KeysCommandError(`--out ${outDir} is inside ${path.join(top, 'dist')}, the synth output that is committed to Git; choose a folder outside the work tree`);
  }
  io.stderr(`keys: warning: ${outDir} is inside the git work tree ${top}; make sure the private files are never committed\n`);
}

function gitWorkTree(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

export function writeFiles(outDir: string, files: readonly KeysFile[], force: boolean): void {
  if (!force) {
    const existing = files.map((f) => path.join(outDir, f.name)).filter((p) => fs.existsSync(p));
    if (existing.length > 0) {
      throw new KeysCommandError(`refusing to overwrite existing files (pass --force to replace them; nothing was written):\n${existing.map((p) => `  ${p}`).join('\n')}`);
    }
  }
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  for (const file of files) {
    const dest = path.join(outDir, file.name);
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    fs.writeFileSync(dest, file.content, { mode: file.mode, flag: force ? 'w' : 'wx' });
    fs.chmodSync(dest, file.mode);
  }
}
