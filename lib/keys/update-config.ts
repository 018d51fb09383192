/**
 * `keys --update-config`: writes the relay public keys into the config file itself, keeping its comments, key order
 * and layout (the `yaml` package's Document API edits the parsed document in place).
 */
import { isMap, isSeq, parseDocument, Scalar, YAMLMap } from 'yaml';
import { KeyMaterial } from './generate';

export interface ConfigUpdate {
  readonly text: string;
  /** Clusters whose relay.jwtPublicKey was set. */
  readonly updated: readonly string[];
  /** Generated clusters the file has no devEnvironmentClusters entry for (e.g. only in an included file). */
  readonly notFound: readonly string[];
}

/** The config text with each generated cluster's `relay.jwtPublicKey` set to its new public key. */
export function updateConfigText(text: string, material: KeyMaterial): ConfigUpdate {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`cannot edit it as YAML: ${doc.errors[0].message}`);
  const clusters = doc.get('devEnvironmentClusters');
  const entries = isSeq(clusters) ? clusters.items.filter((i): i is YAMLMap => isMap(i)) : [];
  const updated: string[] = [];
  const notFound: string[] = [];
  for (const c of material.clusters) {
    const entry = entries.find((e) => e.get('name') === c.cluster);
    if (!entry) {
      notFound.push(c.cluster);
      continue;
    }
    const pem = new Scalar(c.relayJwt.publicKeyPem);
    // A literal block where the surrounding style allows it; inside a flow map ({ ... }) yaml falls back to quotes.
    pem.type = Scalar.BLOCK_LITERAL;
    if (entry.has('relay')) entry.setIn(['relay', 'jwtPublicKey'], pem);
    else entry.set('relay', doc.createNode({ jwtPublicKey: pem }));
    updated.push(c.cluster);
  }
  return { text: doc.toString(), updated, notFound };
}
