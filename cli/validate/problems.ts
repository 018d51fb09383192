/** What the validators report: problems with objects and with chart values, and the shared unknown-field message. */

/** One thing wrong with one object. */
export interface ManifestProblem {
  /** The file the object came from (validateYamlFiles). */
  file?: string;
  /** Index of the YAML document in its file (0-based; validateYamlFiles). */
  doc?: number;
  kind: string;
  name: string;
  /** JSON pointer into the object, such as `/spec/source/helm/valuesObject`; `` for the object itself. */
  path: string;
  message: string;
}

/** One thing wrong with a set of Helm chart values. */
export interface ValuesProblem {
  /** JSON pointer into the values, such as `/application/ingress/hostname`. */
  path: string;
  message: string;
}

export const unknownFieldMessage = (key: string) => `unknown field "${key}" (not in the schema; the API server would reject or silently drop it)`;
