/**
 * `npm ci` prints no install-script warning: every dependency with an install script has a decision in
 * package.json `allowScripts` (npm 11 runs none by default and lists the undecided ones). The project denies all
 * three it has, because each works from its prebuilt platform package without the script (README, "Development").
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers';

const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };

describe('install scripts', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([where]) => where.replace(/^.*node_modules\//, ''))
    .sort();

  test('every dependency with an install script has an allowScripts decision', () => {
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !(name in (manifest.allowScripts ?? {})))).toEqual([]);
  });

  test('the denied ones work without their scripts: the prebuilt platform packages are installed', () => {
    // esbuild (run-ts.js bundles with its JS API), @swc/core (jest's transformer) load their native binaries
    // from optional platform packages; their postinstall scripts only re-check or optimize that.
    expect(typeof require('esbuild').buildSync).toBe('function');
    expect(typeof require('@swc/core').transformSync).toBe('function');
    expect(require('@swc/core').transformSync('const a: number = 1', { jsc: { parser: { syntax: 'typescript' } } }).code).toMatch(/^(var|const) a = 1;/);
    expect(require('esbuild').transformSync('const a: number = 1', { loader: 'ts' }).code).toBe('const a = 1;\n');
  });
});
