// lib/paths.ts: the package root is the nearest folder whose package.json names this package, found by walking up;
// the version comes from that package.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findPackageRoot, packageRoot, packageVersion } from '../lib/paths';
import { ROOT } from './helpers';

describe('findPackageRoot', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codecanvas-paths-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const manifest = (dir: string, content: object) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(content));
  };

  test('from sources, it is the project folder', () => {
    expect(packageRoot()).toBe(ROOT);
    expect(findPackageRoot(path.join(ROOT, 'lib', 'config'))).toBe(ROOT);
  });

  test('passes by a package.json of another name on the way up', () => {
    manifest(tmp, { name: 'codecanvas-cdk8s', version: '1.2.3' });
    const nested = path.join(tmp, 'node_modules', 'other');
    manifest(nested, { name: 'other', version: '9.9.9' });
    expect(findPackageRoot(path.join(nested, 'lib'))).toBe(tmp);
    expect(packageVersion(findPackageRoot(nested))).toBe('1.2.3');
  });

  test('at the file-system root without one: an error naming where the walk started', () => {
    const start = path.join(tmp, 'a', 'b');
    manifest(path.join(tmp, 'a'), { name: 'other' });
    expect(() => findPackageRoot(start)).toThrow(new Error(`codecanvas-cdk8s: cannot find the package root above ${start}`));
  });
});

describe('packageVersion', () => {
  test('0.0.0 for a package.json without a version', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codecanvas-paths-'));
    try {
      fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'codecanvas-cdk8s' }));
      expect(packageVersion(tmp)).toBe('0.0.0');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
