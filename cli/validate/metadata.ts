/**
 * Metadata rules that the schemas cannot express: which built-in kinds are cluster-scoped, and how the API server
 * checks `metadata.name`, `metadata.namespace` and label/annotation keys and values.
 */
import { escapePointer, isObject, Json } from './json';
import { isRfc1035Label, isRfc1123Label, isRfc1123Subdomain } from './k8s-names';

export type Scope = 'Cluster' | 'Namespaced';

/** Receives one problem: a JSON pointer into the object and the message. */
export type Report = (pointer: string, message: string) => void;

/** Cluster-scoped kinds of the built-in API groups (`<group>/<kind>`, core group ``). Everything else built in is namespaced. */
const CLUSTER_SCOPED_CORE = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'authentication.k8s.io/TokenReview', 'authentication.k8s.io/SelfSubjectReview',
  'authorization.k8s.io/SubjectAccessReview', 'authorization.k8s.io/SelfSubjectAccessReview', 'authorization.k8s.io/SelfSubjectRulesReview',
  'internal.apiserver.k8s.io/StorageVersion', 'storagemigration.k8s.io/StorageVersionMigration',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice',
]);

/** The scope of a built-in kind (`group` `` for the core group). */
export function coreScope(group: string, kind: string): Scope {
  return CLUSTER_SCOPED_CORE.has(`${group}/${kind}`) ? 'Cluster' : 'Namespaced';
}

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** How the API server validates `metadata.name` per kind (apimachinery ValidateObjectMeta + each kind's name func). */
function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Namespace') return isRfc1123Label(name) ? undefined : 'must be an RFC 1123 label (lowercase alphanumerics and -, at most 63 characters)';
  if (kind === 'Service') return isRfc1035Label(name) ? undefined : 'must be an RFC 1035 label (start with a letter; lowercase alphanumerics and -, at most 63 characters)';
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return name === '.' || name === '..' || /[/%]/.test(name) ? 'may not be "." or ".." or contain "/" or "%"' : undefined;
  return isRfc1123Subdomain(name) ? undefined : 'must be an RFC 1123 subdomain (lowercase alphanumerics, - and ., at most 253 characters)';
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'must be [prefix/]name with at most one "/"';
  const [prefix, nm] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && !isRfc1123Subdomain(prefix)) return 'prefix must be an RFC 1123 subdomain';
  if (nm.length > 63 || !QUALIFIED_NAME_PART.test(nm)) { // the pattern refuses the empty name
    return 'name part must be 1-63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric';
  }
  return undefined;
}

/** Reports what is wrong with `doc.metadata`: name, namespace against the kind's scope, label/annotation syntax. */
export function checkMetadata(doc: Json, kind: string, scope: Scope, report: Report): void {
  if (!isObject(doc.metadata)) {
    report('/metadata', 'is required (an object with at least name)');
    return;
  }
  const md = doc.metadata;
  if (md.name === undefined || md.name === '') report('/metadata/name', 'is required');
  else if (typeof md.name === 'string') {
    const problem = nameProblem(kind, md.name);
    if (problem) report('/metadata/name', `"${md.name}" ${problem}`);
  }
  const hasNamespace = md.namespace !== undefined && md.namespace !== '';
  if (scope === 'Cluster' && hasNamespace) {
    report('/metadata/namespace', `must not be set: ${kind} is cluster-scoped (found "${String(md.namespace)}")`);
  } else if (scope === 'Namespaced' && !hasNamespace) {
    report('/metadata/namespace', `is required: ${kind} is namespaced (without it, kubectl/Argo CD/Flux pick a namespace from context)`);
  } else if (scope === 'Namespaced' && typeof md.namespace === 'string' && !isRfc1123Label(md.namespace)) {
    report('/metadata/namespace', `"${md.namespace}" must be an RFC 1123 label`);
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = md[field];
    if (!isObject(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      const pointer = `/metadata/${field}/${escapePointer(key)}`;
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) report(pointer, `key "${key}": ${keyProblem}`);
      if (field === 'labels' && typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
        report(pointer, `label value "${value}" must be at most 63 characters, alphanumerics, -, _ or ., starting and ending with an alphanumeric`);
      }
    }
  }
}
