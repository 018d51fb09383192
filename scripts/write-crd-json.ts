// Writes crds/json/<name>.json for each pinned CRD file crds/<name>.yaml: the definitions the validator reads from it
// and the SHA-256 of the YAML text (cli/validate/crd-registry.ts, crdJsonFormText). The validator reads a JSON form
// only when that hash matches the YAML beside it, so a stale one is slow, never wrong; `.ci/run` fails when the
// committed forms are not what this writes. Run after replacing a CRD file (crds/SOURCES.md).
import * as fs from 'fs';
import * as path from 'path';
import { crdJsonFormFile, crdJsonFormText } from '../cli/validate/crd-registry';
import { packageRoot } from '../lib/paths';

const dir = path.join(packageRoot(), 'crds');
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const jsonDir = path.join(dir, 'json');
fs.rmSync(jsonDir, { recursive: true, force: true });
fs.mkdirSync(jsonDir);
for (const f of files) {
  const file = path.join(dir, f);
  fs.writeFileSync(crdJsonFormFile(file), crdJsonFormText(fs.readFileSync(file, 'utf8')));
}
process.stdout.write(`wrote the JSON form of ${files.length} CRD files into crds/json/\n`);
