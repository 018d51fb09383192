// The writer never loses the previous output: each file-system step of writeOutput is made to fail in turn (an
// injected error from `fs`, as a full disk or a permission change would raise), and the output folder must then
// hold exactly what it held before, with no temporary folder left beside it.
import * as os from 'os';
import * as path from 'path';

/** Which `fs` call fails next: its name and how many calls of it succeed first. */
let failure: { call: string; after: number } | undefined;

jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  const wrap = (name: string) => (...args: unknown[]) => {
    if (failure?.call === name) {
      if (failure.after === 0) {
        failure = undefined;
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
import { writeOutput } from '../cli/output/write';
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
  expect(() => writeOutput(out, next)).toThrow(`injected ${call} failure`);
  expect(failure).toBeUndefined(); // the injected failure did happen
  expect(readTree(out)).toEqual(previous);
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('without a failure the same call replaces the output (the injection point is real)', () => {
  const { parent, out } = setUp();
  writeOutput(out, next);
  expect(readTree(out)).toEqual({ 'c/00-namespaces.yaml': ns('new'), 'helm/c/install.sh': '#!/bin/sh\n', 'README.md': '# kept notes\n' });
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});
