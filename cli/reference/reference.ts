import { configJsonSchema } from './json-schema';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  additionalProperties?: unknown;
};

/**
 * The config reference as a Markdown table, one row per field, generated from the JSON Schema (so from the same
 * zod definition as the rules). The README embeds it between markers; a test keeps it current.
 */
export function configReferenceMarkdown(): string {
  return referenceMarkdown(configJsonSchema());
}

/**
 * The reference table of a JSON Schema object as `z.toJSONSchema(schema, { io: 'input' })` writes it: a row per
 * field (nested fields as a.b, list items as a[].b), with its type, a required mark, its default and description.
 */
export function referenceMarkdown(jsonSchema: object): string {
  const rows: string[] = ['| Field | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- |'];
  walk(jsonSchema as Schema, '', rows);
  return rows.join('\n');
}

function walk(schema: Schema, prefix: string, rows: string[]): void {
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (name === '$schema') continue;
    const path = prefix ? `${prefix}.${name}` : name;
    // With io: 'input', zod lists a field with a default as optional, so a required field has no default.
    const required = schema.required?.includes(name) ? 'yes' : '';
    rows.push(`| \`${path}\` | ${typeOf(field)} | ${required} | ${formatDefault(field.default)} | ${escape(field.description ?? '')} |`);
    walk(field, path, rows);
    field.anyOf?.forEach((alternative) => walk(alternative, path, rows));
    if (field.items) walk(field.items, `${path}[]`, rows);
  }
}

function typeOf(schema: Schema): string {
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (schema.type === 'array') return `list of ${typeOf(schema.items ?? {})}`;
  if (schema.type === 'object' && !schema.properties) return 'map';
  return [schema.type ?? 'any'].flat().join(' \\| ');
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 40 ? '(see description)' : `\`${text}\``;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
