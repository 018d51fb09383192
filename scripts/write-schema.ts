// Writes codecanvas.schema.json (the config file's JSON Schema), lib/config/config-types.ts (the config's
// TypeScript interfaces) and the README's config reference table, all generated from the zod definition in
// lib/config/schema.ts, and the README's CLI tables from
// lib/cli/command-definitions.ts. A test fails when any is stale.
import * as fs from 'fs';
import * as path from 'path';
import { configJsonSchemaText } from '../lib/config/json-schema';
import { CONFIG_TYPES_FILE, configTypesSource } from '../lib/config/config-types-source';
import { configReferenceMarkdown } from '../lib/config/reference';
import { packageRoot } from '../lib/paths';
import { replaceReference } from '../lib/config/readme';
import { COMMAND_SPECS } from '../lib/cli/command-definitions';
import { commandsMarkdown, replaceCommandsReference } from '../lib/cli/command-spec';

const root = packageRoot();
fs.writeFileSync(path.join(root, 'codecanvas.schema.json'), configJsonSchemaText());
fs.writeFileSync(path.join(root, CONFIG_TYPES_FILE), configTypesSource());
const readme = path.join(root, 'README.md');
fs.writeFileSync(
  readme,
  replaceCommandsReference(replaceReference(fs.readFileSync(readme, 'utf8'), configReferenceMarkdown()), commandsMarkdown(COMMAND_SPECS)),
);
process.stdout.write(`wrote codecanvas.schema.json, ${CONFIG_TYPES_FILE} and the config and CLI references in README.md\n`);
