import * as yaml from 'js-yaml';

/** YAML as every file in the output is written: no line folding, no anchors, keys in insertion order. */
export function toYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });
}

/** Several objects as one multi-document YAML stream. */
export function toYamlStream(docs: readonly unknown[]): string {
  return docs.map((d) => `---\n${toYaml(d)}`).join('');
}
