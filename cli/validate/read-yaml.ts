// The validator reads YAML with the yaml package itself, not through lib/util/yaml.ts: it imports nothing of the
// code it checks (validate-independence.test.ts), the reading of the output included.
import { parse, parseAllDocuments } from 'yaml';

/** The values of every document of a YAML stream; throws the first error the yaml package reports in any of them. */
export function readYamlDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  for (const doc of docs) if (doc.errors.length > 0) throw doc.errors[0];
  return docs.map((doc) => doc.toJS());
}

/** The value of a one-document YAML text; undefined for an empty one. */
export function readYaml(text: string): unknown {
  return parse(text) ?? undefined;
}
