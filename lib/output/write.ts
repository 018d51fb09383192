import * as fs from 'fs';
import * as path from 'path';
import { OutputEntry } from './layout';

/**
 * Replaces `outdir` with exactly `files`. Everything is written to a sibling temporary folder first and swapped
 * in with renames, so a failed synth never leaves a half-written or emptied output.
 */
export function writeOutput(outdir: string, files: readonly OutputEntry[]): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
  try {
    const made = new Set<string>();
    for (const file of files) {
      const dest = path.join(staging, ...file.path.split('/'));
      const dir = path.dirname(dest);
      // Stryker disable next-line ConditionalExpression: only saves repeated mkdir calls; a recursive mkdir of an existing folder is a no-op
      if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
      fs.writeFileSync(dest, file.content, { mode: file.executable ? 0o755 : 0o644 });
      if (file.executable) fs.chmodSync(dest, 0o755);
    }
    // Stryker disable next-line StringLiteral: the old output's temporary name is never seen; it is removed three lines down
    const old = fs.existsSync(target) ? `${staging.replace('.new-', '.old-')}` : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    // Stryker disable next-line BooleanLiteral: force only matters for a missing path, and old was just created by the rename
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
