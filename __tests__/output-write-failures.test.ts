// The writer never loses the previous output: each file-system step of writeOutput is made to fail in turn (an
// injected error from `fs`, as a full disk or a permission change would raise), and the output folder must then
// hold exactly what it held before, with no temporary folder left beside it.
import * as os from 'os';
import * as path from 'path';

/** Which `fs` call fails next: its name, how many calls of it succeed first, and how many fail then (default 1). */
let failure: { call: string; after: number; times?: number } | undefined;

jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  const wrap = (name: string) => (...args: unknown[]) => {
    if (failure?.call === name) {
      if (failure.after === 0) {
        const times = (failure.times ?? 1) - 1;
        failure = times > 0 ? { ...failure, times } : undefined;
        throw Object.assign(new Error(`injected ${name} failure`), { code: 'EIO' });
      }
      failure.after--;
    }
    return actual[name](...args);
  };
  return { ...actual, renameSync: wrap('renameSync'), writeFileSync: wrap('writeFileSync'), copyFileSync: wrap('copyFileSync'), mkdirSync: wrap('mkdirSync'), chmodSync: wrap('chmodSync') };
});

// eslint-disable-next-line import/first
import * as fs from 'fs';
// eslint-disable-next-line import/first
import { OutputWriteError, writeOutput } from '../cli/output/write';
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
});

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
