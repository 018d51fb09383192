import { z } from 'zod';
import { configSchema } from '../../lib/config/schema';

/**
 * The JSON Schema of the config file, generated from the same zod definition as the TypeScript types and the
 * input rules. Editors use it through the `# yaml-language-server: $schema=...` line of a config file. Rules
 * that JSON Schema cannot express (cross-field checks, placeholders) are enforced by `validate`/synth only.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://codecanvas-cdk8s.invalid/codecanvas.schema.json',
    title: 'CodeCanvas on AKS installation (codecanvas-cdk8s)',
    // zod's own keys; its $schema keeps the first place set above.
    ...schema,
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
