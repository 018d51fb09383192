import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { ArgumentError } from '../util/argument-error';

/**
 * Props every construct of this library accepts, in the manner of cdk8s-plus: extra metadata for the object the
 * construct wraps, so users can add labels and annotations the library did not anticipate.
 */
export interface ConstructMetadataProps {
  /**
   * Extra metadata for the wrapped object: `labels`, `annotations`, `finalizers` and `ownerReferences` are added
   * to what the construct sets itself. `name` and `namespace` come from the construct's own props and must not be
   * given here.
   * @default - no extra metadata
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Throws, naming the construct and the field, when `metadata` tries to set what the construct owns (`name`,
 * `namespace`) or carries fields an ApiObject cannot take through its metadata API. Constructs that pass
 * `metadata` on to others call it first, so the error names them.
 */
export function checkMetadata(construct: string, metadata: ApiObjectMetadata | undefined): void {
  if (!metadata) return;
  for (const field of Object.keys(metadata)) {
    if (field === 'name' || field === 'namespace') {
      throw new ArgumentError(
        `${construct}: metadata.${field} ${JSON.stringify(metadata[field])} must not be set; use the construct's ${field} property`,
      );
    }
    if (!['labels', 'annotations', 'finalizers', 'ownerReferences'].includes(field)) {
      throw new ArgumentError(
        `${construct}: metadata.${field} ${JSON.stringify(metadata[field])} is not supported; only labels, annotations, finalizers and ownerReferences are`,
      );
    }
  }
}

/** Adds user metadata to `obj`, after checking it as {@link checkMetadata} does. */
export function applyMetadata(construct: string, obj: ApiObject, metadata: ApiObjectMetadata | undefined): void {
  if (!metadata) return;
  checkMetadata(construct, metadata);
  for (const [key, value] of Object.entries(metadata.labels ?? {})) obj.metadata.addLabel(key, value);
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) obj.metadata.addAnnotation(key, value);
  if (metadata.finalizers?.length) obj.metadata.addFinalizers(...metadata.finalizers);
  for (const owner of metadata.ownerReferences ?? []) obj.metadata.addOwnerReference(owner);
}
