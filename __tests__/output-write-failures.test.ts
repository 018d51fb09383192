// The writer never loses the previous output: each file-system step of writeOutput is made to fail in turn (an
// injected error from `fs`, as a full disk or a permission change would raise), and the output folder must then
// hold exactly what it held before, with no temporary folder left beside it.
import * as os from 'os';
import * as path from 'path';

/**
 * Which `fs` call fails next: its name, how many calls of it succeed first, how many fail then (default 1), and what
 * it throws (default an Error with code EIO, as the file system's own errors have).
 */
let failure: { call: string; after: number; times?: number; thrown?: unknown } | undefined;
/** When set, readdirSync lists a folder's entries out of name order (descending, then rotated by one). */
let shuffleListings = false;

jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  const wrap = (name: string) => (...args: unknown[]) => {
    if (failure?.call === name) {
      if (failure.after === 0) {
        const times = (failure.times ?? 1) - 1;
        const thrown = 'thrown' in failure ? failure.thrown : Object.assign(new Error(`injected ${name} failure`), { code: 'EIO' });
        failure = times > 0 ? { ...failure, times } : undefined;
        throw thrown;
      }
      failure.after--;
    }
    return actual[name](...args);
  };
  const readdirSync = (...args: unknown[]) => {
    const entries = actual.readdirSync(...args);
    if (!shuffleListings || entries.length < 2) return entries;
    const name = (e: string | { name: string }) => (typeof e === 'string' ? e : e.name);
    const descending = [...entries].sort((a, b) => (name(a) < name(b) ? 1 : -1));
    return [...descending.slice(1), descending[0]];
  };
  return {
    ...actual,
    renameSync: wrap('renameSync'),
    writeFileSync: wrap('writeFileSync'),
    copyFileSync: wrap('copyFileSync'),
    mkdirSync: wrap('mkdirSync'),
    chmodSync: wrap('chmodSync'),
    closeSync: wrap('closeSync'),
    readdirSync,
  };
});

// eslint-disable-next-line import/first
import * as fs from 'fs';
// eslint-disable-next-line import/first
import { MAX_OUTPUT_FILE_BYTES, OutputWriteError, readOutputFolder, writeOutput } from '../cli/output/write';
// eslint-disable-next-line import/first
import { PrivateOutputFileError } from '../cli/output/private-files';
// eslint-disable-next-line import/first
import { readTree } from './helpers';


const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    app.kubernetes.io/managed-by: codecanvas-cdk8s\n`;
const previous = { 'c/00-namespaces.yaml': ns('old'), 'README.md': '# kept notes\n' };
const next = [
  { path: 'c/00-namespaces.yaml', content: ns('new') },
  { path: 'helm/c/install.sh', content: '#!/bin/sh\n', executable: true },
];

function setUp(): { parent: string; out: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-write-fail-'));
  const out = path.join(parent, 'dist');
  for (const [p, c] of Object.entries(previous)) {
    fs.mkdirSync(path.dirname(path.join(out, p)), { recursive: true });
    fs.writeFileSync(path.join(out, p), c);
  }
  return { parent, out };
}

afterEach(() => {
  failure = undefined;
  shuffleListings = false;
});

/** What writeOutput(out, next) threw, or `nothing` when it returned. */
function thrownBy(out: string): unknown {
  try {
    writeOutput(out, next);
  } catch (e) {
    return e;
  }
  return 'nothing';
}

test.each([
  ['writing a new file', 'writeFileSync', 0],
  ['writing the second new file', 'writeFileSync', 1],
  ['making the executable bit', 'chmodSync', 0],
  ['copying a kept file', 'copyFileSync', 0],
  ['making a folder of the new output', 'mkdirSync', 1],
  ['moving the previous output aside', 'renameSync', 0],
  ['moving the new output in', 'renameSync', 1],
])('a failure while %s leaves the previous output as it was, and no temporary folder', (_what, call, after) => {
  const { parent, out } = setUp();
  failure = { call, after };
  let error: unknown;
  try {
    writeOutput(out, next);
  } catch (e) {
    error = e;
  }
  expect(failure).toBeUndefined(); // the injected failure did happen
  // Reported as what it is, the output not writable (not as a bug of synth's), with the file system's own words.
  expect(error).toBeInstanceOf(OutputWriteError);
  expect((error as OutputWriteError).reason.code).toBe('EIO');
  expect((error as Error).message).toBe(`cannot write the output to ${out}/: injected ${call} failure\nnothing was changed: ${out}/ is as it was before this synth`);
  expect(readTree(out)).toEqual(previous);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('without a failure the same call replaces the output (the injection point is real)', () => {
  const { parent, out } = setUp();
  writeOutput(out, next);
  expect(readTree(out)).toEqual({ 'c/00-namespaces.yaml': ns('new'), 'helm/c/install.sh': '#!/bin/sh\n', 'README.md': '# kept notes\n' });
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('when the previous output cannot be moved back either, the error says where it is, and it is there whole', () => {
  const { parent, out } = setUp();
  // The first rename (the previous output aside) works; the second (the new one in) and the third (back) fail.
  failure = { call: 'renameSync', after: 1, times: 2 };
  let error: unknown;
  try {
    writeOutput(out, next);
  } catch (e) {
    error = e;
  }
  expect(failure).toBeUndefined();
  expect(error).toBeInstanceOf(OutputWriteError);
  const aside = (error as OutputWriteError).previousOutput!;
  expect(path.dirname(aside)).toBe(parent);
  expect(path.basename(aside)).toMatch(/^\.dist\.old-/);
  expect((error as Error).message).toBe(
    `cannot write the output to ${out}/: injected renameSync failure\nand the previous output could not be moved back either: it is in ${aside}/; move it back to ${out}/`,
  );
  expect(readTree(aside)).toEqual(previous);
  expect(fs.readdirSync(parent)).toEqual([path.basename(aside)]);
});

test('the output folder named with a trailing slash is shown with one', () => {
  const { out } = setUp();
  failure = { call: 'writeFileSync', after: 0 };
  expect(() => writeOutput(`${out}/`, next)).toThrow(`cannot write the output to ${out}/: injected writeFileSync failure\nnothing was changed: ${out}/ is as`);
});

test('an output folder named with several trailing slashes is shown with one', () => {
  const { out } = setUp();
  failure = { call: 'writeFileSync', after: 0 };
  expect(() => writeOutput(`${out}//`, next)).toThrow(`cannot write the output to ${out}/: injected writeFileSync failure\nnothing was changed: ${out}/ is as`);
});

test('a file-system-shaped error that is not an Error instance (as from another realm) is reported as the output not writable', () => {
  const { parent, out } = setUp();
  const reason = { code: 'ENOSPC', message: 'no space left on device' };
  failure = { call: 'writeFileSync', after: 0, thrown: reason };
  const error = thrownBy(out);
  expect(error).toBeInstanceOf(OutputWriteError);
  expect((error as OutputWriteError).reason).toBe(reason);
  expect((error as Error).message).toBe(`cannot write the output to ${out}/: no space left on device\nnothing was changed: ${out}/ is as it was before this synth`);
  expect(readTree(out)).toEqual(previous);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test.each([
  ['null', null],
  ['undefined', undefined],
  ['a string', 'EIO'],
  ['an object with a code but no message', { code: 'EIO' }],
  ['an object with a message but no code', { message: 'broken' }],
  ['an object whose code is not a string', { code: 5, message: 'broken' }],
  ['a function with a string code and message', Object.assign(() => undefined, { code: 'EIO', message: 'broken' })],
])('anything else thrown (%s) is not taken for a file-system error: it passes through unchanged, and nothing changes', (_what, thrown) => {
  const { parent, out } = setUp();
  failure = { call: 'writeFileSync', after: 0, thrown };
  expect(thrownBy(out)).toBe(thrown);
  expect(failure).toBeUndefined();
  expect(readTree(out)).toEqual(previous);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('a file of the previous output that cannot be closed after reading is a file-system error, not a file that cannot be checked', () => {
  const { parent, out } = setUp();
  failure = { call: 'closeSync', after: 0 };
  const error = thrownBy(out);
  expect(error).toBeInstanceOf(OutputWriteError);
  expect((error as Error).message).toBe(`cannot write the output to ${out}/: injected closeSync failure\nnothing was changed: ${out}/ is as it was before this synth`);
  expect(readTree(out)).toEqual(previous);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

describe('whatever order the file system lists a folder in', () => {
  /** An output folder whose names the shuffled listing gives out of order, with two files too big to read and two private keys. */
  function folder(): string {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-write-order-')), 'dist');
    fs.mkdirSync(path.join(out, 'e'), { recursive: true });
    for (const big of ['a.bin', 'd.bin']) {
      fs.writeFileSync(path.join(out, big), '');
      fs.truncateSync(path.join(out, big), MAX_OUTPUT_FILE_BYTES + 1);
    }
    for (const key of ['b.pem', 'c.pem']) fs.writeFileSync(path.join(out, key), '-----BEGIN RSA PRIVATE KEY-----\n');
    fs.writeFileSync(path.join(out, 'e', 'f.txt'), 'notes\n');
    fs.writeFileSync(path.join(out, 'e.txt'), 'notes\n');
    return out;
  }

  test('the output folder is read in name order, folder by folder', () => {
    const out = folder();
    shuffleListings = true;
    expect(fs.readdirSync(out)).toEqual(['e', 'd.bin', 'c.pem', 'b.pem', 'a.bin', 'e.txt']);
    const read = readOutputFolder(out);
    expect([...read.files.keys()]).toEqual(['b.pem', 'c.pem', 'e/f.txt', 'e.txt']);
    expect(read.unreadable.map((u) => u.file)).toEqual(['a.bin', 'd.bin']);
  });

  test('files refused as private or unreadable are named in name order', () => {
    const out = folder();
    shuffleListings = true;
    const error = thrownBy(out);
    expect(error).toBeInstanceOf(PrivateOutputFileError);
    expect((error as PrivateOutputFileError).files.map((f) => path.relative(out, f.file))).toEqual(['a.bin', 'b.pem', 'c.pem', 'd.bin']);
  });
});
