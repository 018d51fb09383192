/**
 * `keys --update-config`: writes the relay public keys into the config file itself, keeping its comments, key order
 * and layout (the `yaml` package's Document API edits the parsed document in place).
 */
import { createHash } from 'crypto';
import { isMap, isSeq, parseDocument, Scalar, YAMLMap } from 'yaml';
import { UnreadableFileError } from '../../lib/util/read-file';
import { KeyMaterial } from './generate';
import { KeysCommandError } from './keys-files';

/** A value the config already held that the update changes. */
export interface ReplacedValue {
  /** Dotted path, e.g. devEnvironmentClusters[0].relay.jwtPublicKey. */
  readonly field: string;
  /** Short fingerprints of the old and new value (never the value itself). */
  readonly from: string;
  readonly to: string;
}

export interface ConfigUpdate {
  readonly text: string;
  /** Clusters whose relay.jwtPublicKey was set. */
  readonly updated: readonly string[];
  /** Generated clusters the file has no devEnvironmentClusters entry for (e.g. only in an included file). */
  readonly notFound: readonly string[];
  /** Values the file held that the update replaces with different ones. */
  readonly replaced: readonly ReplacedValue[];
}

/** `sha256:` and the first 12 hex digits of the SHA-256 of the trimmed text: enough to tell two keys apart in a message. */
export function fingerprint(text: string): string {
  return `sha256:${createHash('sha256').update(text.trim()).digest('hex').slice(0, 12)}`;
}

/** The config text with each generated cluster's `relay.jwtPublicKey` set to its new public key. */
export function updateConfigText(text: string, material: KeyMaterial): ConfigUpdate {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`cannot edit it as YAML: ${doc.errors[0].message}`);
  const clusters = doc.get('devEnvironmentClusters');
  // Stryker disable next-line ArrayDeclaration: no cluster is found in any list without maps, so any such list is the same as []
  const items = isSeq(clusters) ? clusters.items : [];
  const updated: string[] = [];
  const notFound: string[] = [];
  const replaced: ReplacedValue[] = [];
  for (const c of material.clusters) {
    const index = items.findIndex((e) => isMap(e) && e.get('name') === c.cluster);
    if (index < 0) {
      notFound.push(c.cluster);
      continue;
    }
    const entry = items[index] as YAMLMap;
    const existing = entry.getIn(['relay', 'jwtPublicKey']);
    if (existing !== undefined && existing !== null && String(existing).trim() !== c.relayJwt.publicKeyPem.trim()) {
      replaced.push({ field: `devEnvironmentClusters[${index}].relay.jwtPublicKey`, from: fingerprint(String(existing)), to: fingerprint(c.relayJwt.publicKeyPem) });
    }
    const pem = new Scalar(c.relayJwt.publicKeyPem);
    // A literal block where the surrounding style allows it; inside a flow map ({ ... }) yaml falls back to quotes.
    pem.type = Scalar.BLOCK_LITERAL;
    // Into the entry's relay map, made when there is none (the loader refuses a relay that is not a map).
    entry.setIn(['relay', 'jwtPublicKey'], pem);
    updated.push(c.cluster);
  }
  return { text: doc.toString(), updated, notFound, replaced };
}

/**
 * The config edit of --update-config for `file`, whose text `read` returns. A value the file already holds is
 * replaced only with `replaceKeys`: those keys are in use (in CodeCanvas, the secret source, the cluster), and a
 * silent replacement would break the relay. Refusals are KeysCommandErrors naming the file.
 */
export function prepareConfigUpdate(file: string, read: (file: string) => string, material: KeyMaterial, replaceKeys: boolean): ConfigUpdate {
  let update: ConfigUpdate;
  try {
    update = updateConfigText(read(file), material);
  } catch (e) {
    throw new KeysCommandError(`--update-config: ${file}: ${e instanceof UnreadableFileError ? e.reason : (e as Error).message}`);
  }
  if (update.replaced.length > 0 && !replaceKeys) {
    throw new KeysCommandError(
      `--update-config would replace values ${file} already holds (nothing was written):\n` +
        update.replaced.map((r) => `  ${r.field}: ${r.from} -> ${r.to}\n`).join('') +
        'Those keys may be in use (CodeCanvas, the secret source, the cluster). Pass --replace-keys to replace them with the new key set, ' +
        'or run without --update-config (or with --cluster for the clusters that have no key yet)',
    );
  }
  return update;
}
