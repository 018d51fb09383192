import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../lib/paths';

/**
 * The version in this project's package.json. The file is found by walking up from this module (packageRoot),
 * so it is the same from sources, from the esbuild bundle in .cache/build and from compiled JavaScript.
 */
export function packageVersion(root: string = packageRoot()): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}
