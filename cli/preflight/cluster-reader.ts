/**
 * What the preflight checks read from a cluster: read-only views of the few objects they look at, and the
 * `ClusterReader` that serves them (implemented against a live API server in kube-reader.ts, and by fakes in tests).
 */

export interface OwnerReferenceView {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
}

export interface ObjectMetaView {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReferenceView[];
  readonly deletionTimestamp?: Date | string;
}

export interface ConditionView {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** Any object the checks only look at the metadata and (optionally) the status of. */
export interface ObjectView {
  readonly metadata: ObjectMetaView;
  readonly status?: { readonly phase?: string; readonly conditions?: readonly ConditionView[] };
}

export interface NodeView {
  readonly metadata: ObjectMetaView;
  readonly spec?: { readonly unschedulable?: boolean; readonly taints?: readonly { key: string; value?: string; effect: string }[] };
  readonly status?: { readonly allocatable?: Readonly<Record<string, string>>; readonly capacity?: Readonly<Record<string, string>> };
}

export interface CrdView {
  readonly metadata: ObjectMetaView;
  readonly spec: { readonly versions: readonly { name: string; served: boolean }[] };
}

export interface VersionView {
  readonly gitVersion: string;
  readonly major?: string;
  readonly minor?: string;
}

/** The parts of an Argo CD AppProject (argoproj.io/v1alpha1) the checks read. */
export interface AppProjectView {
  readonly metadata: ObjectMetaView;
  readonly spec?: {
    readonly destinations?: readonly { readonly server?: string; readonly name?: string; readonly namespace?: string }[];
    readonly sourceRepos?: readonly string[];
  };
}

/** An Argo CD cluster Secret (label argocd.argoproj.io/secret-type=cluster): its name and the cluster's server URL. */
export interface ArgoCdClusterView {
  readonly name: string;
  readonly server?: string;
}

/** Read access to a cluster. `get*` resolve to undefined when the object (or its API) does not exist. */
export interface ClusterReader {
  getVersion(): Promise<VersionView>;
  listNodes(): Promise<NodeView[]>;
  getIngressClass(name: string): Promise<ObjectView | undefined>;
  listIngressClasses(): Promise<string[]>;
  getCrd(name: string): Promise<CrdView | undefined>;
  getClusterIssuer(name: string): Promise<ObjectView | undefined>;
  getCsiDriver(name: string): Promise<ObjectView | undefined>;
  getNamespace(name: string): Promise<ObjectView | undefined>;
  /** The Secret's metadata only: implementations must not return its data. */
  getSecret(namespace: string, name: string): Promise<ObjectView | undefined>;
  getService(namespace: string, name: string): Promise<ObjectView | undefined>;
  getServiceAccount(namespace: string, name: string): Promise<ObjectView | undefined>;
  /**
   * The PEM certificate the Sealed Secrets controller behind Service `namespace/service` serves at /v1/cert.pem,
   * read as `kubeseal --fetch-cert` reads it: through the API server's service proxy, scheme http, the Service's
   * first port; undefined when the Service does not exist.
   */
  getSealedSecretsCertificate(namespace: string, service: string): Promise<string | undefined>;
  getMutatingWebhookConfiguration(name: string): Promise<ObjectView | undefined>;
  getAppProject(namespace: string, name: string): Promise<AppProjectView | undefined>;
  /**
   * The clusters registered in the Argo CD of `namespace`: Secrets labelled argocd.argoproj.io/secret-type=cluster.
   * Implementations return only the `server` field of their data (a URL), never the credentials beside it.
   */
  listArgoCdClusters(namespace: string): Promise<ArgoCdClusterView[]>;
}
