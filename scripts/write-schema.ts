// Writes codecanvas.schema.json (the config file's JSON Schema), lib/config/config-types.ts (the config's
// TypeScript interfaces) and the config reference table in docs/configuration.md, all generated from the zod
// definition in lib/config/schema.ts, and the CLI tables in docs/cli.md from
// cli/command-definitions.ts. A test fails when any is stale.
import * as fs from 'fs';
import * as path from 'path';
import { configJsonSchemaText } from '../cli/reference/json-schema';
import { CONFIG_TYPES_FILE, configTypesSource } from '../cli/reference/config-types-source';
import { configReferenceMarkdown } from '../cli/reference/reference';
import { packageRoot } from '../lib/paths';
import { replaceReference } from '../cli/reference/readme';
import { COMMAND_SPECS } from '../cli/command-definitions';
import { commandsMarkdown, replaceCommandsReference } from '../cli/command-spec';

const root = packageRoot();
fs.writeFileSync(path.join(root, 'codecanvas.schema.json'), configJsonSchemaText());
fs.writeFileSync(path.join(root, CONFIG_TYPES_FILE), configTypesSource());
const configDoc = path.join(root, 'docs', 'configuration.md');
fs.writeFileSync(configDoc, replaceReference(fs.readFileSync(configDoc, 'utf8'), configReferenceMarkdown()));
const cliDoc = path.join(root, 'docs', 'cli.md');
fs.writeFileSync(cliDoc, replaceCommandsReference(fs.readFileSync(cliDoc, 'utf8'), commandsMarkdown(COMMAND_SPECS)));
process.stdout.write(`wrote codecanvas.schema.json, ${CONFIG_TYPES_FILE} docs/configuration.md and docs/cli.md\n`);
