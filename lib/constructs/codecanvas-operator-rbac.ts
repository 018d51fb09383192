import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { assertLabel, DNS1123_SUBDOMAIN_RULE, isDns1123Subdomain } from '../util/rules';
import { applyMetadata, ConstructMetadataProps } from './resource';
import { ArgumentError } from '../util/argument-error';

/** One RBAC rule: API groups, resources, verbs. */
export interface PolicyRule {
  /** API groups (`''` is the core group). */
  readonly apiGroups: readonly string[];
  /** Resource names, plural and lowercase. */
  readonly resources: readonly string[];
  /** Allowed verbs. */
  readonly verbs: readonly string[];
}

/**
 * What the operator may do in the dev-environment namespace: run dev environments as Jobs with volumes and
 * snapshots, watch their pods and events, read service accounts (the operator chart's `service-rbac.yaml`).
 */
export const OPERATOR_NAMESPACE_RULES: readonly PolicyRule[] = [
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['list'] },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
];

/** What the operator may read cluster-wide: nodes, volumes, storage and snapshot classes. */
export const OPERATOR_CLUSTER_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: ['get', 'list'] },
];

export interface CodeCanvasOperatorRbacProps extends ConstructMetadataProps {
  /** Prefix of the object names: `<prefix>-service-role`, `-service-rolebinding`, `-cluster-role`, `-cluster-rolebinding`. */
  readonly namePrefix: string;
  /** The namespace where dev environments run: the Role and RoleBinding live there. */
  readonly targetNamespace: string;
  /** The operator's ServiceAccount. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/**
 * The operator's permissions: a Role and RoleBinding in the dev-environment namespace, and a ClusterRole and
 * ClusterRoleBinding for the cluster-wide reads, all bound to the operator's ServiceAccount. Four objects of equal
 * rank, so no primary one and no `apiObject`: each is a field of its own. `metadata` is added to each of the four.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export class CodeCanvasOperatorRbac extends Construct {
  /** The Role in the dev-environment namespace (construct id `Role`). */
  readonly role: ApiObject;
  /** The RoleBinding of the Role to the ServiceAccount (construct id `RoleBinding`). */
  readonly roleBinding: ApiObject;
  /** The ClusterRole for the cluster-wide reads (construct id `ClusterRole`). */
  readonly clusterRole: ApiObject;
  /** The ClusterRoleBinding of the ClusterRole to the ServiceAccount (construct id `ClusterRoleBinding`). */
  readonly clusterRoleBinding: ApiObject;

  constructor(scope: Construct, id: string, props: CodeCanvasOperatorRbacProps) {
    super(scope, id);
    assertLabel('CodeCanvasOperatorRbac', 'targetNamespace', props.targetNamespace);
    // The longest name it makes must be a DNS-1123 subdomain; the message names the prefix as the caller gave it.
    if (!isDns1123Subdomain(`${props.namePrefix}-cluster-rolebinding`)) {
      throw new ArgumentError(
        `CodeCanvasOperatorRbac: namePrefix ${JSON.stringify(props.namePrefix)} ${DNS1123_SUBDOMAIN_RULE}, counting the "-cluster-rolebinding" it appends`,
      );
    }
    const rules = (list: readonly PolicyRule[]) => list.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
    const subjects = [{ kind: 'ServiceAccount', name: props.serviceAccount.name, namespace: props.serviceAccount.namespace }];
    const group = 'rbac.authorization.k8s.io';

    this.role = new k8s.KubeRole(this, 'Role', {
      metadata: { name: `${props.namePrefix}-service-role`, namespace: props.targetNamespace },
      rules: rules(OPERATOR_NAMESPACE_RULES),
    });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: `${props.namePrefix}-service-rolebinding`, namespace: props.targetNamespace },
      roleRef: { apiGroup: group, kind: 'Role', name: this.role.name },
      subjects,
    });
    this.clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: `${props.namePrefix}-cluster-role` },
      rules: rules(OPERATOR_CLUSTER_RULES),
    });
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: `${props.namePrefix}-cluster-rolebinding` },
      roleRef: { apiGroup: group, kind: 'ClusterRole', name: this.clusterRole.name },
      subjects,
    });
    for (const obj of [this.role, this.roleBinding, this.clusterRole, this.clusterRoleBinding]) {
      applyMetadata('CodeCanvasOperatorRbac', obj, props.metadata);
    }
  }
}
