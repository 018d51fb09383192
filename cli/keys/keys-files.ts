/** Writing the keys command's files: where they may go, and never over existing files unless asked. */
// The module object itself (not a namespace copy), so that tests can stand in for its calls (a file appearing
// between the check and the write, realpath failing up to the root).
import fs = require('fs');
import * as path from 'path';
import { readTextFile, UnreadableFileError } from '../../lib/util/read-file';

/** A refusal or invalid input of the keys command (exit 1, nothing written). */
export class KeysCommandError extends Error {}

/** A file to write, relative to the output folder. */
export interface KeysFile {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

/** Whether `file` is private: the keys command writes private files with mode 0600, and nothing else with it. */
export function isPrivateFile(file: KeysFile): boolean {
  return (file.mode & 0o077) === 0;
}

/** A synth output folder, and where it comes from (for the message). */
export interface OutputFolder {
  readonly dir: string;
  readonly from: string;
}

/**
 * Where the keys may go. Refused: inside a synth output folder (committed to Git, and synth refuses to keep a
 * private file there), and inside any Git work tree (`git add` would stage the private files) unless
 * `allowGitWorkTree`. Returns the work tree's top folder when the folder is inside one (and allowed).
 */
export function checkOutDir(outDir: string, outputFolders: readonly OutputFolder[], allowGitWorkTree: boolean): string | undefined {
  const real = realPath(outDir);
  for (const output of outputFolders) {
    if (isInside(real, realPath(output.dir))) {
      throw new KeysCommandError(
        `--out ${outDir} is inside ${output.dir} (${output.from}), the synth output that is committed to Git; synth refuses to keep ` +
          'private files there. Choose a folder outside the Git work tree, such as ~/codecanvas-keys',
      );
    }
  }
  const top = gitWorkTree(real);
  if (top && !allowGitWorkTree) {
    throw new KeysCommandError(
      `--out ${outDir} is inside the Git work tree ${top}, where \`git add\` would stage the private keys and the master secret. ` +
        'Choose a folder outside it, such as ~/codecanvas-keys, or pass --allow-git-worktree to write there with a .gitignore that keeps the private files out of Git',
    );
  }
  return top;
}

/** Whether `dir` is `parent` or below it (`parent` itself: the relative path is empty). */
function isInside(dir: string, parent: string): boolean {
  const rel = path.relative(parent, dir);
  return !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/** `p` with its longest existing ancestor resolved through symbolic links (the rest may not exist yet). */
function realPath(p: string): string {
  const abs = path.resolve(p);
  for (let d = abs; ; d = path.dirname(d)) {
    try {
      return path.join(fs.realpathSync(d), path.relative(d, abs));
    } catch {
      if (path.dirname(d) === d) return abs;
    }
  }
}

/** The top folder of the Git work tree holding `dir`: the nearest folder with a `.git` entry (a folder, or a file in a linked work tree or submodule). */
export function gitWorkTree(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The name of the file written next to the keys inside a Git work tree (--allow-git-worktree). */
export const GITIGNORE = '.gitignore';

/**
 * `.gitignore` for `files` written into `outDir`: every private one, by its path from that folder, kept with
 * whatever an existing `.gitignore` there says. Undefined when it already lists them all.
 */
export function gitignoreFile(outDir: string, files: readonly KeysFile[]): KeysFile | undefined {
  const file = path.join(outDir, GITIGNORE);
  let existing = '';
  try {
    existing = readTextFile(file, 1024 * 1024);
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    if (e.code !== 'ENOENT') throw new KeysCommandError(e.message);
  }
  const lines = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const missing = files.filter(isPrivateFile).map((f) => `/${f.name}`).filter((entry) => !lines.has(entry));
  if (missing.length === 0) return undefined;
  const head = existing === '' ? '# Written by the keys command (--allow-git-worktree): its private files never go into Git.\n' : existing.endsWith('\n') ? '' : '\n';
  return { name: GITIGNORE, content: `${existing}${head}${missing.join('\n')}\n`, mode: 0o644 };
}

/** Whether anything is at `p`, a dangling link included. */
function isThere(p: string): boolean {
  try {
    fs.lstatSync(p);
  } catch {
    return false;
  }
  return true;
}

/**
 * Writes `files` into `outDir` (private ones mode 0600), refusing to overwrite any unless `force`; `gitignore`
 * (see gitignoreFile) is written first, so no private file is ever there without it.
 */
export function writeFiles(outDir: string, files: readonly KeysFile[], force: boolean, gitignore?: KeysFile): void {
  if (!force) {
    // lstat, not existsSync: a link that points nowhere is there too (the exclusive create below would fail on it).
    const existing = files.map((f) => path.join(outDir, f.name)).filter(isThere);
    if (existing.length > 0) {
      throw new KeysCommandError(`refusing to overwrite existing files (pass --force to replace them; nothing was written):\n${existing.map((p) => `  ${p}`).join('\n')}`);
    }
  }
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  if (gitignore) fs.writeFileSync(path.join(outDir, gitignore.name), gitignore.content, { mode: gitignore.mode });
  for (const file of files) {
    const dest = path.join(outDir, file.name);
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    // With --force an existing file is removed first, so the new one is created with its own mode (0600 for a private
    // file) rather than written into the old file with the old one, and a link at `dest` is replaced, not followed.
    if (force) fs.rmSync(dest, { force: true });
    fs.writeFileSync(dest, file.content, { mode: file.mode, flag: 'wx' });
    fs.chmodSync(dest, file.mode);
  }
}
