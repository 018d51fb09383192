/**
 * Container image references and container resources, as the operator constructs and the config schema both take
 * them. Below both layers, so constructs need nothing from the config layer.
 */

/** A container image reference: `[registry/]repository[:tag][@sha256:digest]`, with a tag or a digest. */
export const IMAGE_REF = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
export const IMAGE_REF_RULE = 'must be a container image reference such as registry.example.com/path/codecanvas-operator:2025.1.2, with a tag or an @sha256: digest';

/** True when `ref` is an image reference with a tag or a digest. */
export function isImageRef(ref: string): boolean {
  return IMAGE_REF.test(ref) && (/@sha256:/.test(ref) || /:[^/]+$/.test(ref));
}

/** An image reference split as the operator chart's values take it (`image.registry`, `.repository`, `.tag`). */
export interface ImageParts {
  readonly registry: string;
  readonly repository: string;
  /** The tag, or `undefined` when the reference pins only a digest. */
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits an image reference; the first path part is a registry when it has a "." or ":" or is `localhost`. */
export function splitImageRef(ref: string): ImageParts {
  const [nameTag, digest] = ref.split('@');
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const tag = colon > slash ? nameTag.slice(colon + 1) : undefined;
  const name = colon > slash ? nameTag.slice(0, colon) : nameTag;
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    registry: hasRegistry ? first : '',
    repository: hasRegistry ? name.slice(first.length + 1) : name,
    tag,
    digest,
  };
}

/**
 * The pull policy an image needs: `Always` for a `latest` tag (it moves), else `IfNotPresent` (a tag other than
 * latest or a digest names fixed content, so the node's copy is the right one). Kubernetes decides the same way
 * when no policy is given, except for an image without any tag, which this project never writes.
 */
export function defaultImagePullPolicy(ref: string): 'Always' | 'IfNotPresent' {
  const { tag, digest } = splitImageRef(ref);
  return digest ? 'IfNotPresent' : pullPolicyForTag(tag);
}

/** {@link defaultImagePullPolicy} for an image known by its tag; no tag means a chart's own (versioned) one. */
export function pullPolicyForTag(tag: string | undefined): 'Always' | 'IfNotPresent' {
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Container resources as the chart's `resources` value takes them. */
export interface OperatorResources {
  /**
   * What the scheduler reserves: `cpu` (such as `'500m'`) and `memory` (such as `'1Gi'`).
   * @default - no requests
   */
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  /**
   * The most the container may use: `cpu` and `memory`.
   * @default - no limits
   */
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}
