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
  const rows: string[] = ['| Field | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- |'];
  walk(configJsonSchema() as Schema, '', rows);
  return rows.join('\n');
}

function walk(schema: Schema, prefix: string, rows: string[]): void {
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    if (name === '$schema') continue;
    const field = unwrap(raw);
    const path = prefix ? `${prefix}.${name}` : name;
    const required = (schema.required ?? []).includes(name) && raw.default === undefined ? 'yes' : '';
    rows.push(`| \`${path}\` | ${typeOf(field)} | ${required} | ${formatDefault(raw.default ?? field.default)} | ${escape(raw.description ?? field.description ?? '')} |`);
    if (field.properties) walk(field, path, rows);
    if (field.items?.properties) walk(field.items, `${path}[]`, rows);
  }
}

function unwrap(schema: Schema): Schema {
  const inner = schema.anyOf?.find((s) => s.type !== 'null');
  return inner ? { ...inner, description: schema.description ?? inner.description, default: schema.default ?? inner.default } : schema;
}

function typeOf(schema: Schema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(unwrap(schema.items)) : 'any'}`;
  if (schema.type === 'object' && !schema.properties) return 'map';
  return String(schema.type ?? 'any');
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 40 ? '(see description)' : `\`${text}\``;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
