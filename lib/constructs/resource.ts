import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgumentError } from '../util/argument-error';

/**
 * Props every construct of this library accepts, in the manner of cdk8s-plus's `ResourceProps`: extra metadata for
 * the objects the construct creates, so users can add labels and annotations the library did not anticipate.
 */
export interface ConstructMetadataProps {
  /**
   * Extra metadata for every object the construct creates: `labels`, `annotations`, `finalizers` and
   * `ownerReferences` are added to what the construct sets itself. It is the one way to label or annotate a
   * construct's objects. A label or annotation the construct sets itself (a selector label, the Workload Identity
   * client ID, a sealing scope) keeps its value: giving its key another value here is an error naming the key, so
   * user metadata cannot break a selector. Labels of the enclosing Chart (its `labels` prop) rank below both.
   * `name` and `namespace` come from the construct's own props and must not be given here.
   * @default - no extra metadata
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * The base of this library's L2 constructs, as cdk8s-plus's `Resource`: the construct wraps one Kubernetes object,
 * created once with construct id `Resource` (so cdk8s's `ApiObject.of(construct)` finds it too) and exposed as
 * {@link Resource.apiObject}, typed `ApiObject` everywhere so that users need no generated L1 or CRD classes. A
 * construct that creates further objects (`KeyVaultSecretStore`'s ServiceAccount) exposes them as fields of their
 * own; `apiObject` is always the primary one, the object the construct is named for.
 */
export abstract class Resource extends Construct {
  /** The wrapped L1 object (construct id `Resource`): the escape hatch for what the props do not cover. */
  abstract readonly apiObject: ApiObject;

  /** The object's name (`metadata.name`). */
  get name(): string {
    return this.apiObject.name;
  }

  /** The object's metadata, to add labels, annotations, finalizers or owner references after construction. */
  get metadata(): ApiObjectMetadataDefinition {
    return this.apiObject.metadata;
  }

  /** The object's API version, such as `v1` or `cert-manager.io/v1`. */
  get apiVersion(): string {
    return this.apiObject.apiVersion;
  }

  /** The object's kind, such as `Namespace`. */
  get kind(): string {
    return this.apiObject.kind;
  }
}

const SUPPORTED_FIELDS = ['labels', 'annotations', 'finalizers', 'ownerReferences'];

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
    if (!SUPPORTED_FIELDS.includes(field)) {
      throw new ArgumentError(
        `${construct}: metadata.${field} ${JSON.stringify(metadata[field])} is not supported; only labels, annotations, finalizers and ownerReferences are`,
      );
    }
  }
}

type StringMap = Readonly<Record<string, string>>;

/** Throws when `given` (the user's) gives a key of `own` (the construct's) another value. */
function assertKeepsOwn(construct: string, field: 'labels' | 'annotations', own: StringMap, given: StringMap | undefined): void {
  for (const [key, value] of Object.entries(given ?? {})) {
    if (own[key] !== undefined && own[key] !== value) {
      throw new ArgumentError(
        `${construct}: metadata.${field}[${JSON.stringify(key)}] ${JSON.stringify(value)} must not replace ${JSON.stringify(own[key])}, ` +
          `which the construct sets itself; leave the key out of metadata.${field}`,
      );
    }
  }
}

/**
 * The metadata a composing construct passes on to the constructs it creates: the user's `metadata` (checked as
 * {@link checkMetadata} does) plus the labels and annotations the composing construct sets itself (`own`), which
 * the user's may not change (the error names `construct`).
 */
export function withOwnMetadata(
  construct: string,
  own: { readonly labels?: StringMap; readonly annotations?: StringMap },
  metadata: ApiObjectMetadata | undefined,
): ApiObjectMetadata {
  checkMetadata(construct, metadata);
  assertKeepsOwn(construct, 'labels', own.labels ?? {}, metadata?.labels);
  assertKeepsOwn(construct, 'annotations', own.annotations ?? {}, metadata?.annotations);
  // Empty maps add nothing where the result is applied (applyMetadata adds key by key).
  return { ...metadata, labels: { ...metadata?.labels, ...own.labels }, annotations: { ...metadata?.annotations, ...own.annotations } };
}

/**
 * Adds user metadata to `obj`, after checking it as {@link checkMetadata} does. A label or annotation that `obj`
 * already carries (set by the construct, not inherited from the Chart's `labels`) must keep its value.
 */
export function applyMetadata(construct: string, obj: ApiObject, metadata: ApiObjectMetadata | undefined): void {
  if (!metadata) return;
  checkMetadata(construct, metadata);
  const current = obj.metadata.toJson();
  const chartLabels = Chart.of(obj).labels;
  const ownLabels = Object.fromEntries(Object.entries<string>(current.labels ?? {}).filter(([key, value]) => chartLabels[key] !== value));
  assertKeepsOwn(construct, 'labels', ownLabels, metadata.labels);
  assertKeepsOwn(construct, 'annotations', current.annotations ?? {}, metadata.annotations);
  for (const [key, value] of Object.entries(metadata.labels ?? {})) obj.metadata.addLabel(key, value);
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) obj.metadata.addAnnotation(key, value);
  if (metadata.finalizers?.length) obj.metadata.addFinalizers(...metadata.finalizers);
  for (const owner of metadata.ownerReferences ?? []) obj.metadata.addOwnerReference(owner);
}
