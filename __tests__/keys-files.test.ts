// Where the keys command may write and how (cli/keys/keys-files.ts), called directly on temporary folders: private
// modes, the output-folder and Git work-tree refusals with their exact messages, .gitignore, and writing.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkOutDir, GITIGNORE, gitignoreFile, gitWorkTree, isPrivateFile, KeysCommandError, KeysFile, writeFiles } from '../cli/keys/keys-files';
import { thrown } from './helpers';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-keys-files-')));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const dir = path.join(tmp, String(n++));
  fs.mkdirSync(dir);
  return dir;
};
const mode = (file: string) => fs.statSync(file).mode & 0o777;
/** The fs module object itself: `import * as fs` reads through to it, so a spy on it is what the code under test calls. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');
const file = (name: string, mode = 0o600, content = `${name} content`): KeysFile => ({ name, content, mode });

test('the project folder this runs in is not below the temporary folder\'s Git work tree (the tests below assume none)', () => {
  expect(gitWorkTree(tmp)).toBeUndefined();
});

describe('isPrivateFile: no permission for group or others', () => {
  test.each([
    [0o600, true],
    [0o400, true],
    [0o700, true],
    [0o644, false],
    [0o640, false],
    [0o604, false],
    [0o610, false],
    [0o601, false],
    [0o755, false],
  ])('%o: %s', (m, expected) => {
    expect(isPrivateFile(file('f', m))).toBe(expected);
  });
});

describe('checkOutDir', () => {
  const INSIDE_OUTPUT = (outDir: string, output: string, from: string) =>
    `--out ${outDir} is inside ${output} (${from}), the synth output that is committed to Git; synth refuses to keep private files there. ` +
    'Choose a folder outside the Git work tree, such as ~/codecanvas-keys';
  const INSIDE_GIT = (outDir: string, top: string) =>
    `--out ${outDir} is inside the Git work tree ${top}, where \`git add\` would stage the private keys and the master secret. ` +
    'Choose a folder outside it, such as ~/codecanvas-keys, or pass --allow-git-worktree to write there with a .gitignore that keeps the private files out of Git';

  test('an output folder, anything below it (existing or not), and a way to it through a link are refused', () => {
    const base = fresh();
    const dist = path.join(base, 'dist');
    fs.mkdirSync(path.join(dist, 'sub'), { recursive: true });
    fs.symlinkSync(dist, path.join(base, 'link'));
    const outputs = [{ dir: path.join(base, 'other'), from: 'gitops.path' }, { dir: dist, from: 'the default' }];
    for (const outDir of [dist, path.join(dist, 'sub'), path.join(dist, 'new', 'deeper'), path.join(base, 'link', 'keys'), path.join(dist, '..x')]) {
      const error = thrown(() => checkOutDir(outDir, outputs, true));
      expect(error).toBeInstanceOf(KeysCommandError);
      expect(error.message).toBe(INSIDE_OUTPUT(outDir, dist, 'the default'));
    }
  });

  test('an output folder reached through a link is found too', () => {
    const base = fresh();
    fs.mkdirSync(path.join(base, 'real'));
    fs.symlinkSync(path.join(base, 'real'), path.join(base, 'dist-link'));
    const error = thrown(() => checkOutDir(path.join(base, 'real', 'k'), [{ dir: path.join(base, 'dist-link'), from: '$CDK8S_OUTDIR' }], false));
    expect(error.message).toBe(INSIDE_OUTPUT(path.join(base, 'real', 'k'), path.join(base, 'dist-link'), '$CDK8S_OUTDIR'));
  });

  test('beside or above an output folder is fine (outside Git: no work tree to return)', () => {
    const base = fresh();
    const outputs = [{ dir: path.join(base, 'dist'), from: 'x' }];
    for (const outDir of [base, path.join(base, 'dist2'), path.join(base, 'keys'), path.join(base, '..'), '/']) {
      expect(checkOutDir(outDir, outputs, false)).toBeUndefined();
    }
    expect(checkOutDir(path.join(base, 'keys'), [], false)).toBeUndefined();
  });

  test('inside a Git work tree (a .git folder or file): refused, unless allowed, then its top is returned', () => {
    for (const dotGit of ['folder', 'file'] as const) {
      const top = fresh();
      if (dotGit === 'folder') fs.mkdirSync(path.join(top, '.git'));
      else fs.writeFileSync(path.join(top, '.git'), 'gitdir: /elsewhere\n');
      for (const outDir of [top, path.join(top, 'keys'), path.join(top, 'a', 'b')]) {
        const error = thrown(() => checkOutDir(outDir, [], false));
        expect(error).toBeInstanceOf(KeysCommandError);
        expect(error.message).toBe(INSIDE_GIT(outDir, top));
        expect(checkOutDir(outDir, [], true)).toBe(top);
      }
    }
  });

  test('a path no ancestor of which resolves (not even the root, as with a missing drive) is compared as given', () => {
    const base = fresh();
    // realpath fails everywhere; only after far more calls than the path has folders does it answer, with a folder that
    // holds an output folder, so that a search that kept going past the root would be seen (and would end).
    let calls = 0;
    const realpath = jest.spyOn(nodeFs, 'realpathSync').mockImplementation(((p: fs.PathLike) => {
      if (++calls > 500) return path.join(base, 'elsewhere');
      throw Object.assign(new Error(`ENOENT: ${String(p)}`), { code: 'ENOENT' });
    }) as typeof fs.realpathSync);
    try {
      expect(checkOutDir(path.join(base, 'keys'), [{ dir: path.join(base, 'elsewhere', 'dist'), from: 'x' }], false)).toBeUndefined();
      expect(calls).toBeLessThan(500);
    } finally {
      realpath.mockRestore();
    }
  });

  test('the output folder refusal comes first, even when Git is allowed', () => {
    const top = fresh();
    fs.mkdirSync(path.join(top, '.git'));
    const error = thrown(() => checkOutDir(path.join(top, 'dist', 'k'), [{ dir: path.join(top, 'dist'), from: 'the default' }], true));
    expect(error.message).toBe(INSIDE_OUTPUT(path.join(top, 'dist', 'k'), path.join(top, 'dist'), 'the default'));
  });
});

describe('gitWorkTree', () => {
  test('the nearest folder with a .git entry, from a folder that may not exist', () => {
    const outer = fresh();
    fs.mkdirSync(path.join(outer, '.git'));
    const inner = path.join(outer, 'sub', 'inner');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    expect(gitWorkTree(path.join(inner, 'x', 'y'))).toBe(inner);
    expect(gitWorkTree(path.join(outer, 'sub'))).toBe(outer);
    expect(gitWorkTree(outer)).toBe(outer);
    expect(gitWorkTree(fresh())).toBeUndefined();
  });
});

describe('gitignoreFile', () => {
  const files = [file('master.txt'), file('public.yaml', 0o644), file('public-keys/a.pem', 0o644), file('sub/dev.pem'), file('upload.sh', 0o755)];
  const HEAD = '# Written by the keys command (--allow-git-worktree): its private files never go into Git.\n';

  test('no .gitignore yet: the header, then each private file from the folder, in order', () => {
    expect(gitignoreFile(fresh(), files)).toEqual({ name: '.gitignore', content: `${HEAD}/master.txt\n/sub/dev.pem\n`, mode: 0o644 });
    expect(GITIGNORE).toBe('.gitignore');
  });

  test('an existing one is kept, and only what it lacks is added', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n  /master.txt  \n');
    expect(gitignoreFile(dir, files)).toEqual({ name: '.gitignore', content: 'node_modules/\n  /master.txt  \n/sub/dev.pem\n', mode: 0o644 });
  });

  test('an existing one without a final newline gets one first; CRLF lines count', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, '.gitignore'), '/sub/dev.pem\r\n*.log');
    expect(gitignoreFile(dir, files)!.content).toBe('/sub/dev.pem\r\n*.log\n/master.txt\n');
  });

  test('nothing to add: undefined', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, '.gitignore'), '/master.txt\n/sub/dev.pem\n');
    expect(gitignoreFile(dir, files)).toBeUndefined();
    expect(gitignoreFile(fresh(), [file('public.yaml', 0o644)])).toBeUndefined();
    expect(gitignoreFile(fresh(), [])).toBeUndefined();
  });

  test('a name that only resembles an entry does not count', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, '.gitignore'), 'master.txt\n/master.txt.bak\n');
    expect(gitignoreFile(dir, [file('master.txt')])!.content).toBe('master.txt\n/master.txt.bak\n/master.txt\n');
  });

  test('a failure that is not about the file (closing it fails) is passed on as it is, not worded as a refusal', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, '.gitignore'), '/x\n');
    const failure = new Error('close failed');
    const close = jest.spyOn(nodeFs, 'closeSync').mockImplementation(() => {
      throw failure;
    });
    try {
      expect(thrown(() => gitignoreFile(dir, files))).toBe(failure);
    } finally {
      close.mockRestore();
    }
  });

  test('an unreadable .gitignore (a folder, too big) is a refusal naming it', () => {
    const dir = fresh();
    fs.mkdirSync(path.join(dir, '.gitignore'));
    const error = thrown(() => gitignoreFile(dir, files));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe(`${path.join(dir, '.gitignore')} is a folder; only a regular file can be read`);
    const big = fresh();
    fs.writeFileSync(path.join(big, '.gitignore'), '#'.repeat(1024 * 1024 + 1));
    expect(thrown(() => gitignoreFile(big, files)).message).toBe(`${path.join(big, '.gitignore')} is 1048577 bytes; at most 1 MiB (1048576 bytes) are read`);
    const limit = fresh();
    fs.writeFileSync(path.join(limit, '.gitignore'), `${'#'.repeat(1024 * 1024 - 1)}\n`);
    expect(gitignoreFile(limit, [file('k.pem')])!.content.endsWith('\n/k.pem\n')).toBe(true);
  });
});

describe('writeFiles', () => {
  test('each file with its mode (whatever the umask), subfolders made; the folder itself private', () => {
    const out = path.join(fresh(), 'keys');
    writeFiles(out, [file('a.pem'), file('public.yaml', 0o644), file('public-keys/x.pub', 0o644), file('upload.sh', 0o755)], false);
    expect(mode(out)).toBe(0o700);
    expect(mode(path.join(out, 'public-keys'))).toBe(0o700);
    expect([mode(path.join(out, 'a.pem')), mode(path.join(out, 'public.yaml')), mode(path.join(out, 'public-keys/x.pub')), mode(path.join(out, 'upload.sh'))]).toEqual([0o600, 0o644, 0o644, 0o755]);
    expect(fs.readFileSync(path.join(out, 'public-keys/x.pub'), 'utf8')).toBe('public-keys/x.pub content');
    expect(fs.existsSync(path.join(out, '.gitignore'))).toBe(false);
  });

  test('a strict umask does not take the read bits of the public files', () => {
    const out = fresh();
    const umask = process.umask(0o077);
    try {
      writeFiles(out, [file('public.yaml', 0o644), file('upload.sh', 0o755)], false);
    } finally {
      process.umask(umask);
    }
    expect([mode(path.join(out, 'public.yaml')), mode(path.join(out, 'upload.sh'))]).toEqual([0o644, 0o755]);
  });

  test('existing files: refused, all named, nothing written', () => {
    const out = fresh();
    fs.writeFileSync(path.join(out, 'a.pem'), 'old');
    fs.mkdirSync(path.join(out, 'sub'));
    fs.writeFileSync(path.join(out, 'sub', 'c.pem'), 'old');
    const error = thrown(() => writeFiles(out, [file('a.pem'), file('b.pem'), file('sub/c.pem')], false, file('.gitignore', 0o644)));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe(
      `refusing to overwrite existing files (pass --force to replace them; nothing was written):\n  ${path.join(out, 'a.pem')}\n  ${path.join(out, 'sub', 'c.pem')}`,
    );
    expect(fs.readdirSync(out).sort()).toEqual(['a.pem', 'sub']);
    expect(fs.readFileSync(path.join(out, 'a.pem'), 'utf8')).toBe('old');
  });

  test('with force: replaced with the new mode, and a link at the place is replaced, not followed', () => {
    const out = fresh();
    fs.writeFileSync(path.join(out, 'a.pem'), 'old', { mode: 0o644 });
    const target = path.join(fresh(), 'elsewhere');
    fs.writeFileSync(target, 'untouched');
    fs.symlinkSync(target, path.join(out, 'b.pem'));
    writeFiles(out, [file('a.pem'), file('b.pem')], true);
    expect(fs.readFileSync(path.join(out, 'a.pem'), 'utf8')).toBe('a.pem content');
    expect(mode(path.join(out, 'a.pem'))).toBe(0o600);
    expect(fs.lstatSync(path.join(out, 'b.pem')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(target, 'utf8')).toBe('untouched');
  });

  test('the .gitignore is written with the files, with its own mode (a group-writable umask does not widen it)', () => {
    const out = fresh();
    const umask = process.umask(0o002);
    try {
      writeFiles(out, [file('a.pem')], false, { name: '.gitignore', content: '/a.pem\n', mode: 0o644 });
    } finally {
      process.umask(umask);
    }
    expect(fs.readFileSync(path.join(out, '.gitignore'), 'utf8')).toBe('/a.pem\n');
    expect(mode(path.join(out, '.gitignore'))).toBe(0o644);
  });

  test('a file that appears after the check (another process) is not overwritten: the write fails, its content stays', () => {
    const out = fresh();
    const theirs = path.join(out, 'b.pem');
    const mkdir = nodeFs.mkdirSync;
    const spy = jest.spyOn(nodeFs, 'mkdirSync').mockImplementation(((p: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
      const made = mkdir(p, options);
      if (!fs.existsSync(theirs)) fs.writeFileSync(theirs, 'theirs');
      return made;
    }) as typeof fs.mkdirSync);
    try {
      const error = thrown(() => writeFiles(out, [file('a.pem'), file('b.pem')], false)) as NodeJS.ErrnoException;
      expect(error.code).toBe('EEXIST');
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(theirs, 'utf8')).toBe('theirs');
  });

  test('a private file is created with its own mode, never readable by others even before the final chmod', () => {
    const out = fresh();
    const seen: number[] = [];
    const chmod = nodeFs.chmodSync;
    const spy = jest.spyOn(nodeFs, 'chmodSync').mockImplementation((p, m) => {
      seen.push(fs.statSync(p).mode & 0o777);
      chmod(p, m);
    });
    const umask = process.umask(0o022);
    try {
      writeFiles(out, [file('a.pem'), file('public.yaml', 0o644)], false);
    } finally {
      process.umask(umask);
      spy.mockRestore();
    }
    expect(seen).toEqual([0o600, 0o644]);
  });

  test('without force, a link at the place counts as existing even when it points nowhere: refused, nothing written', () => {
    const out = fresh();
    fs.symlinkSync(path.join(out, 'missing'), path.join(out, 'dangling.pem'));
    const error = thrown(() => writeFiles(out, [file('first.pem'), file('dangling.pem')], false));
    expect(error).toBeInstanceOf(KeysCommandError);
    expect(error.message).toBe(`refusing to overwrite existing files (pass --force to replace them; nothing was written):\n  ${path.join(out, 'dangling.pem')}`);
    expect(fs.readdirSync(out)).toEqual(['dangling.pem']);
    expect(fs.existsSync(path.join(out, 'missing'))).toBe(false);
  });
});
