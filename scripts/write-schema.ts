// Writes codecanvas.schema.json (the config file's JSON Schema) and the README's config reference table, both
// generated from the zod definition in lib/config/schema.ts. A test fails when either is stale.
import * as fs from 'fs';
import * as path from 'path';
import { configJsonSchemaText } from '../lib/config/json-schema';
import { configReferenceMarkdown } from '../lib/config/reference';
import { packageRoot } from '../lib/paths';
import { replaceReference } from '../lib/config/readme';

const root = packageRoot();
fs.writeFileSync(path.join(root, 'codecanvas.schema.json'), configJsonSchemaText());
const readme = path.join(root, 'README.md');
fs.writeFileSync(readme, replaceReference(fs.readFileSync(readme, 'utf8'), configReferenceMarkdown()));
process.stdout.write('wrote codecanvas.schema.json and the config reference in README.md\n');
