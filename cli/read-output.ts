import * as fs from 'fs';
import { readOutputFolder } from './output/write';

/**
 * Every regular file under `dir` (path relative to it with "/" separators -> content); empty when `dir` is absent.
 * Files that cannot be read within the output folder's byte limit are left out: synth never writes such a file.
 */
export function readOutputDir(dir: string): Map<string, string> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(readOutputFolder(dir).files);
}
