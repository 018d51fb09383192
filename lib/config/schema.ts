/**
 * The typed description of a CodeCanvas installation: one zod schema is the single source of the TypeScript
 * types (`CodeCanvasConfig` for input, `ResolvedConfig` after defaults), of the input rules, and of the JSON
 * Schema that editors use for the YAML file (`npm run schema`).
 */
import { z } from 'zod';
import {
  AZURE_CONTAINER,
  AZURE_CONTAINER_RULE,
  AZURE_DISK_SKU_RULE,
  AZURE_DISK_SKUS,
  AZURE_STORAGE_ACCOUNT,
  AZURE_STORAGE_ACCOUNT_RULE,
  CHART_VERSION,
  CHART_VERSION_RULE,
  DEFAULT_POSTGRES_PORT,
  DEFAULT_SNAPSHOT_DELETION_POLICY,
  DELETION_POLICIES,
  DELETION_POLICY_RULE,
  DEFAULT_SEALING_SCOPE,
  DNS1123_LABEL,
  DNS1123_LABEL_MAX,
  DNS1123_LABEL_RULE,
  DNS1123_SUBDOMAIN,
  DNS1123_SUBDOMAIN_MAX,
  DNS1123_SUBDOMAIN_RULE,
  EMAIL,
  EMAIL_RULE,
  GIT_URL,
  GIT_URL_RULE,
  GUID,
  GUID_RULE,
  HELM_RELEASE_NAME_MAX,
  HELM_RELEASE_NAME_RULE,
  INT32_MAX,
  INT32_RULE,
  keyVaultUrlProblem,
  LETS_ENCRYPT_SERVER_RULE,
  LETS_ENCRYPT_SERVERS,
  OCI_URL,
  OCI_URL_RULE,
  OPERATOR_AUTOSCALING_DEFAULTS,
  PORT_MAX,
  PORT_RULE,
  POSITIVE_INT_RULE,
  SEALING_SCOPE_RULE,
  SEALING_SCOPES,
  SECRET_STORE_KIND_RULE,
  SECRET_STORE_KINDS,
  STORAGE_CLASS_DEFAULTS,
  VOLUME_BINDING_MODE_RULE,
  VOLUME_BINDING_MODES,
} from '../util/rules';
import {
  APPLICATION_CLUSTER,
  BOOTSTRAP_FOLDER,
  CHART_VALUES_SECRET_NAME,
  COMPUTE_HOST_PREFIX,
  DEFAULT_CHART_NAMES,
  DEFAULT_DATABASE_SECRET_NAME,
  DEFAULT_KEY_VAULT_REFRESH_INTERVAL,
  DEFAULT_KEY_VAULT_SERVICE_ACCOUNT,
  DEFAULT_KEY_VAULT_STORE_NAME,
  DEFAULT_OBJECT_STORAGE_SECRET_NAME,
  defaultRelayHost,
  envVarName,
  HELM_FOLDER,
  hostnames,
  RELAY_HOST_LABEL_PREFIX,
} from '../util/names';
import {
  CREDENTIAL_HINTS,
  dbHostProblem,
  DNS_NAME,
  DNS_NAME_RULE,
  ENV_VAR,
  ENV_VAR_RULE,
  gitBranchProblem,
  IPV4,
  IPV4_RULE,
  isWindowsReservedName,
  KEY_VAULT_SECRET_NAME,
  KEY_VAULT_SECRET_NAME_RULE,
  loadBalancerIpProblem,
  postgresNameProblem,
  WINDOWS_RESERVED_RULE,
} from './rules';
import { IMAGE_REF_RULE, isImageRef, KNOWN_OPERATOR_CHARTS } from './operator-defaults';
import { argocdRenderRules } from './argocd-rules';
import { DEFAULT_CHART_REPOSITORY, DEFAULT_CHART_VERSION } from './chart-defaults';
import { operatorPodSettings } from './operator-pod-schema';
import { MODE_SETTING_DEFAULTS, unusedSettingRules } from './mode-rules';
import { ownershipRules } from './ownership-rules';
import { refuse } from './refuse';
import { findSecretValues, publicKeyProblem, PublicKeyKind } from './secret-rules';
import { UrlAllowance, urlCredentialProblem } from '../util/secret-text';

const label = (description: string) =>
  z.string().max(DNS1123_LABEL_MAX, DNS1123_LABEL_RULE).regex(DNS1123_LABEL, DNS1123_LABEL_RULE).describe(description);
const subdomain = (description: string) =>
  z.string().max(DNS1123_SUBDOMAIN_MAX, DNS1123_SUBDOMAIN_RULE).regex(DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_RULE).describe(description);
const dnsName = (description: string) => z.string().regex(DNS_NAME, DNS_NAME_RULE).describe(description);
const email = (description: string) => z.string().regex(EMAIL, EMAIL_RULE).describe(description);
const guid = (description: string) => z.string().regex(GUID, GUID_RULE).describe(description);
const nonEmpty = (description: string) => z.string().min(1, 'must not be empty').describe(description);
const port = (description: string) => z.number().int(PORT_RULE).min(1, PORT_RULE).max(PORT_MAX, PORT_RULE).describe(description);
/**
 * Refuses credentials in a URL field (user-info, a query, a fragment; see urlCredentialProblem), whatever else is
 * wrong with it: URL fields are written into committed manifests, and their messages mask what they refuse.
 */
const noCredentials = (hint: string, allow?: UrlAllowance) => (value: string, ctx: z.RefinementCtx) => {
  const problem = urlCredentialProblem(value, hint, allow);
  if (problem) refuse(ctx, [], value, problem);
};
const httpsUrl = (description: string, hint: string) =>
  z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'must be an https:// URL').superRefine(noCredentials(hint)).describe(description);
const ociUrl = (description: string) =>
  z.string().regex(OCI_URL, OCI_URL_RULE).superRefine(noCredentials(CREDENTIAL_HINTS.chartRepository)).describe(description);
const goDuration = (description: string) =>
  z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, 'must be a Go duration such as 10m or 1h').describe(description);
const chartVersion = (description: string) => z.string().regex(CHART_VERSION, CHART_VERSION_RULE).describe(description);
const releaseName = (description: string) =>
  z.string().max(HELM_RELEASE_NAME_MAX, HELM_RELEASE_NAME_RULE).regex(DNS1123_LABEL, HELM_RELEASE_NAME_RULE).describe(description);
/** A string checked by `problem` (undefined when fine), e.g. a key parsed with node:crypto. */
const checked = (description: string, problem: (value: string) => string | undefined) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const message = problem(value);
      if (message) refuse(ctx, [], value, message);
    })
    .describe(description);
const publicKey = (description: string, kind: PublicKeyKind) => checked(description, (v) => publicKeyProblem(v, kind));


/** Where a Helm chart comes from. */
export const chartSourceSchema = z
  .strictObject({
    repository: ociUrl('OCI repository that holds the chart, without the chart name.').default(DEFAULT_CHART_REPOSITORY),
    name: label('Chart name inside the repository (default: codecanvas, codecanvas-relay, codecanvas-jump or codecanvas-operator).'),
    version: chartVersion('Chart version.').default(DEFAULT_CHART_VERSION),
  });

const storageClassSchema = z
  .strictObject({
    name: subdomain('StorageClass name; an instance type in CodeCanvas picks one by name.'),
    skuName: z
      .enum(AZURE_DISK_SKUS, { error: AZURE_DISK_SKU_RULE })
      .default(STORAGE_CLASS_DEFAULTS.skuName)
      .describe('Azure managed disk SKU (guide recommends StandardSSD_LRS; Premium_LRS for faster disks).'),
    // Stryker disable next-line ObjectLiteral: equivalent: load.ts words zod's own "Invalid option" as oneOfRule, the same text as this rule
    reclaimPolicy: z.enum(DELETION_POLICIES, { error: DELETION_POLICY_RULE })
      .default(STORAGE_CLASS_DEFAULTS.reclaimPolicy)
      .describe('What happens to a disk when its claim is deleted.'),
    // Stryker disable next-line ObjectLiteral: equivalent: load.ts words zod's own "Invalid option" as oneOfRule, the same text as this rule
    volumeBindingMode: z.enum(VOLUME_BINDING_MODES, { error: VOLUME_BINDING_MODE_RULE })
      .default(STORAGE_CLASS_DEFAULTS.volumeBindingMode)
      .describe('When a volume is provisioned (guide: Immediate).'),
    allowVolumeExpansion: z.boolean().default(STORAGE_CLASS_DEFAULTS.allowVolumeExpansion).describe('Whether volumes may be resized.'),
  })
  .describe('An Azure Disk StorageClass for dev-environment volumes.');

const volumeSnapshotClassSchema = z
  .strictObject({
    name: subdomain('VolumeSnapshotClass name.'),
    // Stryker disable next-line ObjectLiteral: equivalent: load.ts words zod's own "Invalid option" as oneOfRule, the same text as this rule
    deletionPolicy: z.enum(DELETION_POLICIES, { error: DELETION_POLICY_RULE })
      .default(DEFAULT_SNAPSHOT_DELETION_POLICY)
      .describe('What happens to the Azure snapshot when the VolumeSnapshot is deleted.'),
  })
  .describe('An Azure Disk VolumeSnapshotClass for dev-environment snapshots.');

const argoCdSchema = z
  .strictObject({
    namespace: label('Namespace where Argo CD runs and watches Application objects.').default(MODE_SETTING_DEFAULTS.argocd.namespace),
    project: subdomain('Argo CD project of the generated Applications.').default(MODE_SETTING_DEFAULTS.argocd.project),
    destinationServer: httpsUrl('API server URL of the cluster the Applications deploy to, as registered in Argo CD.', CREDENTIAL_HINTS.argocdServer).default(
      MODE_SETTING_DEFAULTS.argocd.destinationServer,
    ),
  })
  .describe('Argo CD settings (delivery.mode argocd; refused with another mode when set to anything but the defaults).');

const fluxSchema = z
  .strictObject({
    interval: goDuration('How often Flux reconciles the chart source and release.').default(MODE_SETTING_DEFAULTS.flux.interval),
  })
  .describe('Flux settings (delivery.mode flux; refused with another mode when set to anything but the defaults).');

const deliverySchema = z
  .strictObject({
    mode: z
      .enum(['argocd', 'helm', 'flux', 'k3s'])
      .default('argocd')
      .describe(
        'How Helm releases are delivered: argocd (Application objects), helm (a values file and the helm upgrade command), flux (OCIRepository + HelmRelease), k3s (helm.cattle.io HelmChart).',
      ),
    argocd: argoCdSchema.prefault({}),
    flux: fluxSchema.prefault({}),
  })
  .describe('How Helm charts get installed.');

const gitopsSchema = z
  .strictObject({
    repoURL: z
      .string()
      .regex(GIT_URL, GIT_URL_RULE)
      .superRefine(noCredentials(CREDENTIAL_HINTS.gitRepository))
      .describe('Git repository that holds the committed output, such as https://github.com/acme/platform.git.'),
    revision: checked('Branch the GitOps tool follows.', gitBranchProblem).default('main'),
    path: z
      .string()
      .regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/, 'must be a relative path inside the repository without "." or ".." segments, such as dist or deploy/codecanvas')
      .superRefine((value, ctx) => {
        const reserved = value.split('/').find(isWindowsReservedName);
        if (reserved) refuse(ctx, [], value, `has the folder ${JSON.stringify(reserved)}, which ${WINDOWS_RESERVED_RULE}`);
      })
      .default('dist')
      .describe('Path of the output directory (dist/) inside the repository.'),
    argocd: z
      .strictObject({
        repositorySecretName: label(
          'Secret (in delivery.argocd.namespace of each Argo CD: the hub and every dev cluster with its own) with the Git credentials of a private repository, labelled argocd.argoproj.io/secret-type: repository; INSTALL.md prints the command that creates it per Argo CD. Default: none (public repository).',
        ).optional(),
      })
      .prefault({})
      .describe('Argo CD bootstrap settings (delivery.mode argocd; refused with delivery.mode flux when set).'),
    flux: z
      .strictObject({
        namespace: label('Namespace of the Flux controllers, where the GitRepository and Kustomizations go.').default(MODE_SETTING_DEFAULTS.gitopsFlux.namespace),
        secretName: label('Secret (in the Flux namespace of every cluster: each cluster\'s GitRepository references it) with the Git credentials of a private repository; INSTALL.md prints the command that creates it per cluster. Default: none (public repository).').optional(),
        dependsOn: z
          .array(label('Name of a Flux Kustomization in the Flux namespace.'))
          .default([])
          .describe(
            'Flux Kustomizations (in the Flux namespace) that install the prerequisites (cert-manager, External Secrets Operator or Sealed Secrets, the snapshot controller); the prerequisites layer waits for them.',
          ),
      })
      .prefault({})
      .describe('Flux bootstrap settings (delivery.mode flux; refused with delivery.mode argocd when set to anything but the defaults).'),
  })
  .describe(
    'GitOps bootstrap: where the committed output lives, so that synth writes dist/bootstrap/ (Argo CD Applications or a Flux GitRepository and Kustomizations) that sync every cluster folder. Used with delivery.mode argocd or flux (ignored, with a warning, otherwise).',
  );

const secretNamesSchema = z
  .strictObject({
    databasePassword: z.string().optional().describe('Source key of the PostgreSQL password.'),
    masterSecret: z.string().optional().describe('Source key of the CodeCanvas master secret.'),
    storageAccountKey: z.string().optional().describe('Source key of the Blob Storage account key (objectStorage.auth: accountKey only).'),
    adminPassword: z.string().optional().describe('Source key of the local administrator password (localAdministrator.setPassword only).'),
  })
  .describe(
    'Per secret, its key in the secret source: the Key Vault secret name (keyVault) or the environment variable name (env, sealedSecrets). Defaults: see docs/secrets.md.',
  );

const keyVaultSchema = z
  .strictObject({
    vaultUrl: checked('Key Vault URL, such as https://my-vault.vault.azure.net/.', keyVaultUrlProblem),
    clientId: guid('Client ID of the managed identity that may read the vault. Default: workloadIdentity.clientId.').optional(),
    tenantId: guid('Azure tenant ID, when the identity lives in another tenant than the cluster.').optional(),
    // Stryker disable next-line ObjectLiteral: equivalent: load.ts words zod's own "Invalid option" as oneOfRule, the same text as this rule
    storeKind: z.enum(SECRET_STORE_KINDS, { error: SECRET_STORE_KIND_RULE })
      .default(SECRET_STORE_KINDS[0])
      .describe('SecretStore (namespaced, one per namespace) or ClusterSecretStore (cluster-wide).'),
    storeName: subdomain('Name of the generated (Cluster)SecretStore.').default(DEFAULT_KEY_VAULT_STORE_NAME),
    serviceAccountName: label('ServiceAccount that External Secrets Operator uses to log in with Workload Identity.').default(
      DEFAULT_KEY_VAULT_SERVICE_ACCOUNT,
    ),
    refreshInterval: goDuration('How often ESO re-reads the vault.').default(DEFAULT_KEY_VAULT_REFRESH_INTERVAL),
  })
  .describe('Azure Key Vault through External Secrets Operator (secrets.source: keyVault).');

const sealedSecretsSchema = z
  .strictObject({
    certificateFile: nonEmpty(
      'Path (relative to the config file) of the sealed-secrets controller\'s public certificate (kubeseal --fetch-cert).',
    ),
    // Stryker disable next-line ObjectLiteral: equivalent: load.ts words zod's own "Invalid option" as oneOfRule, the same text as this rule
    scope: z.enum(SEALING_SCOPES, { error: SEALING_SCOPE_RULE })
      .default(DEFAULT_SEALING_SCOPE)
      .describe('Sealing scope: strict binds to namespace and name, namespace-wide to the namespace, cluster-wide to nothing.'),
    controllerNamespace: label('Namespace of the sealed-secrets controller (for docs and preflight).').default('kube-system'),
    controllerName: label('Name of the sealed-secrets controller Service.').default('sealed-secrets-controller'),
  })
  .describe('Sealed Secrets (secrets.source: sealedSecrets): values read from environment variables and encrypted at synth time.');

const secretsSchema = z
  .strictObject({
    source: z
      .enum(['keyVault', 'env', 'sealedSecrets'])
      .default('keyVault')
      .describe('Where secret values come from: keyVault (ExternalSecrets, no values in output), env (plain Secrets, needs allowPlaintextSecrets), sealedSecrets (encrypted at synth time).'),
    allowPlaintextSecrets: z
      .boolean()
      .default(false)
      .describe('Explicit opt-in to write plain secret values into the output (source env, or delivery values that carry secrets).'),
    keyVault: keyVaultSchema.optional(),
    sealedSecrets: sealedSecretsSchema.optional(),
    names: secretNamesSchema.prefault({}),
  })
  .describe('Secret handling.');

/** The fields every cluster release shares; each use describes the release after extending it (extend drops a description). */
const releaseSchema = (defaultChart: string) =>
  z.strictObject({
    enabled: z.boolean().default(false).describe('Install this release on the cluster.'),
    releaseName: releaseName('Helm release name.').default(defaultChart),
    chart: chartSourceSchema.partial({ name: true }).prefault({}).describe('Chart coordinates.'),
    values: z.record(z.string(), z.unknown()).default({}).describe('Extra chart values, deep-merged over the generated ones.'),
  });

const quantity = (description: string) =>
  z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, 'must be a Kubernetes quantity such as 500m, 1, 512Mi or 2Gi')
    .describe(description);
const resourceList = (description: string) =>
  z.strictObject({ cpu: quantity('CPU, such as 500m or 1.').optional(), memory: quantity('Memory, such as 512Mi or 1Gi.').optional() }).describe(description);
const positiveInt = (description: string) =>
  z.number().int(POSITIVE_INT_RULE).min(1, POSITIVE_INT_RULE).max(INT32_MAX, INT32_RULE).describe(description);

/**
 * Typed operator settings. In delivery.mode argocd they shape the operator's plain manifests; in the Helm modes
 * they become the operator chart's values (image, pullPolicy, resources, replicaCount, and the pod settings).
 */
const operatorSettings = {
  image: z
    .string()
    .refine(isImageRef, IMAGE_REF_RULE)
    .optional()
    .describe(
      `Operator image, registry/repository:tag. Default: the image of the operator chart version when this project knows it (${KNOWN_OPERATOR_CHARTS}); required otherwise in delivery.mode argocd (read image.registry, image.repository and image.tag from \`helm show values <chart> --version <version>\`).`,
    ),
  imagePullPolicy: z
    .enum(['Always', 'IfNotPresent', 'Never'])
    .optional()
    .describe('Image pull policy. Default: IfNotPresent for an image pinned by a tag other than latest or by a digest (it does not change, so a pod start need not reach the registry), Always for :latest (the chart\'s own default is Always).'),
  replicas: positiveInt('Operator pods (chart default: 1); refused next to autoscaling, which sets the pod count.').optional(),
  resources: z
    .strictObject({ requests: resourceList('Requested resources.').optional(), limits: resourceList('Resource limits.').optional() })
    .optional()
    .describe('Container resources (chart default: 1 CPU and 1Gi, requests = limits).'),
  autoscaling: z
    .strictObject({
      minReplicas: positiveInt('Fewest pods.').default(OPERATOR_AUTOSCALING_DEFAULTS.minReplicas),
      maxReplicas: positiveInt('Most pods.').default(OPERATOR_AUTOSCALING_DEFAULTS.maxReplicas),
      targetCPUUtilizationPercentage: positiveInt('Average CPU utilization to aim for, in percent of the request.').default(
        OPERATOR_AUTOSCALING_DEFAULTS.targetCPUUtilizationPercentage,
      ),
      targetMemoryUtilizationPercentage: positiveInt('Average memory utilization to aim for, in percent of the request.').optional(),
    })
    .optional()
    .describe('A HorizontalPodAutoscaler (autoscaling/v2) for the operator (delivery.mode argocd only).'),
  ...operatorPodSettings,
};

/** The ClusterIssuer to create (the LetsEncryptClusterIssuer construct's email and server), top-level and per cluster. */
const letsEncryptSchema = z.strictObject({
  email: email('ACME account e-mail that Let\'s Encrypt sends expiry notices to.'),
  server: z
    .enum(Object.keys(LETS_ENCRYPT_SERVERS) as [keyof typeof LETS_ENCRYPT_SERVERS], { error: LETS_ENCRYPT_SERVER_RULE })
    .default('production')
    .describe('Let\'s Encrypt production or staging server.'),
});
const clusterLetsEncryptSchema = letsEncryptSchema.describe(
  'Create the ClusterIssuer in this cluster (Let\'s Encrypt ACME, HTTP-01 through this cluster\'s ingress class).',
);

const clusterIngressSchema = z
  .strictObject({
    className: subdomain('IngressClass of this cluster. Default: ingress.className.').optional(),
    clusterIssuer: subdomain('cert-manager ClusterIssuer of this cluster. Default: ingress.clusterIssuer.').optional(),
    letsEncrypt: z
      .union([clusterLetsEncryptSchema, z.literal(false)], {
        error: 'must be a mapping with the ACME e-mail (email, optionally server) to create the ClusterIssuer, or false when it exists already',
      })
      .optional()
      .describe(
        'Create the ClusterIssuer in this cluster (object), or false when it exists already (preflight checks it). Default: ingress.letsEncrypt when clusterIssuer is not overridden, else false.',
      ),
  })
  .describe('Ingress and TLS of this cluster\'s relay; each field defaults to the top-level ingress setting.');

const jumpSshSchema = z
  .strictObject({
    type: z
      .enum(['NodePort', 'LoadBalancer'])
      .default('NodePort')
      .describe('How the SSH port is exposed: NodePort (the chart\'s default: a random port 30000-32767 on every node) or LoadBalancer (port 63101 on an Azure load balancer).'),
    loadBalancer: z
      .enum(['internal', 'public'])
      .optional()
      .describe('type LoadBalancer: an internal (VNet) Azure load balancer (annotation service.beta.kubernetes.io/azure-load-balancer-internal) or a public one. Default: internal.'),
    hostname: dnsName('type LoadBalancer: DNS name for the SSH endpoint, published by ExternalDNS (annotation external-dns.alpha.kubernetes.io/hostname).').optional(),
    loadBalancerIP: z
      .string()
      .regex(IPV4, IPV4_RULE)
      .superRefine((value, ctx) => {
        const problem = loadBalancerIpProblem(value);
        if (problem) refuse(ctx, [], value, problem);
      })
      .optional()
      .describe('type LoadBalancer: a static IP address for the load balancer (a free VNet address when internal, a public IP in the node resource group when public).'),
  })
  .describe('How users reach the jump server\'s SSH port.');

const devEnvironmentClusterSchema = z
  .strictObject({
    name: label('Cluster name; the output folder dist/<name>/ and a Computing Platform connection in CodeCanvas.'),
    namespace: label('Namespace where dev environments run (the Computing Platform connection\'s namespace).').default(
      'codecanvas-devenv',
    ),
    systemNamespace: label('Namespace for the operator, relay and jump releases.').default('codecanvas-system'),
    storageClasses: z
      .array(storageClassSchema)
      .min(1, 'must list at least one StorageClass')
      .default([{ name: 'codecanvas-storage', ...STORAGE_CLASS_DEFAULTS }])
      .describe('StorageClasses to create (default: the guide\'s codecanvas-storage, StandardSSD_LRS).'),
    volumeSnapshotClasses: z
      .array(volumeSnapshotClassSchema)
      .min(1, 'must list at least one VolumeSnapshotClass')
      .default([{ name: 'codecanvas-volume-snapshot', deletionPolicy: DEFAULT_SNAPSHOT_DELETION_POLICY }])
      .describe('VolumeSnapshotClasses to create (default: the guide\'s codecanvas-volume-snapshot).'),
    ingress: clusterIngressSchema.optional(),
    keyVault: z
      .strictObject({
        clientId: guid(
          'Client ID of this cluster\'s own managed identity, bound to its Key Vault reader service account (secrets.source keyVault). Give each dev cluster its own identity with Key Vault Secrets User on only its jump and operator secrets (INSTALL.md lists the federated credential and role assignments). Default: secrets.keyVault.clientId, else workloadIdentity.clientId, with a warning: that identity also reads the application\'s secrets.',
        ),
      })
      .optional()
      .describe('This cluster\'s Key Vault identity (secrets.source keyVault; a warning with another source).'),
    sealedSecrets: z
      .strictObject({
        certificateFile: nonEmpty(
          'Path (relative to the config file) of THIS cluster\'s sealed-secrets controller certificate (kubeseal --fetch-cert --context <this cluster>). Default: secrets.sealedSecrets.certificateFile (then this cluster\'s controller must hold the same key pair as the application cluster\'s).',
        ),
      })
      .optional()
      .describe('This cluster\'s Sealed Secrets certificate (secrets.source sealedSecrets; a warning with another source).'),
    argocdDestinationServer: httpsUrl(
      'API server of this cluster as registered in a central Argo CD. When set, this cluster\'s Applications are written to the application cluster\'s folder (the hub Argo CD); when unset, Argo CD is expected in this cluster. delivery.mode argocd only (refused with another mode).',
      CREDENTIAL_HINTS.argocdServer,
    ).optional(),
    relay: releaseSchema(DEFAULT_CHART_NAMES.relay)
      .extend({
        hostname: dnsName('Relay host name. Default: gateway.<domain> for the first cluster, gateway-<name>.<domain> otherwise.').optional(),
        jwtPublicKey: publicKey('PEM of the relay\'s EC prime256v1 public key (from `keys` command).', 'ec-prime256v1').optional(),
      })
      .describe('Relay server (JetBrains client connections) on this cluster.')
      .prefault({}),
    jump: releaseSchema(DEFAULT_CHART_NAMES.jump)
      .extend({
        instanceId: z.string().optional().describe('Jump server instance ID from CodeCanvas.'),
        ssh: jumpSshSchema.prefault({}),
      })
      .describe('Jump server (SSH access) on this cluster.')
      .prefault({}),
    operator: releaseSchema(DEFAULT_CHART_NAMES.operator)
      .extend({
        instanceId: z.string().optional().describe('Computing Platform connection instance ID from CodeCanvas.'),
        ...operatorSettings,
      })
      .describe('CodeCanvas operator that starts dev environments on this cluster.')
      .prefault({}),
  })
  .describe('A dev-environment cluster.');

export const configSchema = z
  .strictObject({
    $schema: z
      .string()
      .superRefine(noCredentials(CREDENTIAL_HINTS.schema, { query: true, fragment: true }))
      .optional()
      .describe('JSON Schema reference for editors.'),
    licenseAgreementAccepted: z.literal(true, {
      error: 'must be true: the CodeCanvas chart refuses to install until you accept the license agreement',
    }).describe('Accept the CodeCanvas license agreement (guide: ACCEPTANCE_PLACEHOLDER).'),
    namespace: label('Namespace of the CodeCanvas application (guide: NAMESPACE_PLACEHOLDER).'),
    domain: dnsName(
      'External domain (guide: EXTERNAL_DOMAIN_PLACEHOLDER); computeservice.<domain> and gateway.<domain> are derived.',
    ),
    ingress: z
      .strictObject({
        className: subdomain('IngressClass of the application cluster (guide: INGRESS_CLASS_PLACEHOLDER).'),
        clusterIssuer: subdomain('cert-manager ClusterIssuer that signs the TLS certificates (guide: CERT_MANAGER_NAME_PLACEHOLDER).'),
        letsEncrypt: letsEncryptSchema
          .optional()
          .describe('Create the ClusterIssuer (Let\'s Encrypt ACME, HTTP-01 through the ingress class). Omit to use an existing one.'),
      })
      .describe('Ingress and TLS.'),
    workloadIdentity: z
      .strictObject({
        clientId: guid('Client ID of the managed identity bound to the service account (guide: AZURE_CLIENT_ID).'),
        serviceAccountName: label('Kubernetes service account the chart creates (guide: CODECANVAS_KSA_NAME).'),
      })
      .describe('Azure Workload Identity.'),
    application: z
      .strictObject({
        releaseName: releaseName('Helm release name (guide: codecanvas).').default(DEFAULT_CHART_NAMES.application),
        replicas: positiveInt('Application pods (guide: 2).').default(2),
        chart: chartSourceSchema.partial({ name: true }).prefault({}).describe('Chart coordinates.'),
        values: z.record(z.string(), z.unknown()).default({}).describe('Extra chart values, deep-merged over the generated ones.'),
      })
      .prefault({})
      .describe('The CodeCanvas application release.'),
    database: z
      .strictObject({
        host: checked('PostgreSQL host (guide: CODECANVAS_DB_HOST_PLACEHOLDER).', dbHostProblem),
        port: port('PostgreSQL port (guide: CODECANVAS_DB_PORT_PLACEHOLDER).').default(DEFAULT_POSTGRES_PORT),
        name: checked('Database name (guide: CODECANVAS_DB_NAME_PLACEHOLDER).', (v) => postgresNameProblem(v, 'database')),
        username: checked('Database user (guide: CODECANVAS_DB_USERNAME_PLACEHOLDER).', (v) => postgresNameProblem(v, 'user')),
        sslMode: z
          .enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'])
          .optional()
          .describe('JDBC sslmode (chart default prefer; Azure Database for PostgreSQL wants require).'),
        secretName: label('Name of the database Secret.').default(DEFAULT_DATABASE_SECRET_NAME),
      })
      .describe('External PostgreSQL (password from the secret source).'),
    objectStorage: z
      .strictObject({
        accountName: z
          .string()
          .regex(AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_ACCOUNT_RULE)
          .describe('Blob Storage account (guide: CODECANVAS_OBJECT_STORAGE_AZURE_ACCOUNT_NAME_PLACEHOLDER).'),
        container: z
          .string()
          .regex(AZURE_CONTAINER, AZURE_CONTAINER_RULE)
          .describe('Blob container (guide: CODECANVAS_OBJECT_STORAGE_AZURE_CONTAINER_PLACEHOLDER).'),
        endpoint: httpsUrl('Blob endpoint override (CODECANVAS_OBJECT_STORAGE_AZURE_ENDPOINT).', CREDENTIAL_HINTS.objectStorage).optional(),
        auth: z
          .enum(['workloadIdentity', 'accountKey'])
          .default('workloadIdentity')
          .describe('workloadIdentity (recommended) or accountKey (static key from the secret source).'),
        secretName: label('Name of the object-storage Secret.').default(DEFAULT_OBJECT_STORAGE_SECRET_NAME),
      })
      .describe('Azure Blob Storage.'),
    localAdministrator: z
      .strictObject({
        username: nonEmpty('Administrator login (guide: ADMIN_USERNAME_PLACEHOLDER).').default('admin'),
        email: email('Administrator e-mail (guide: ADMIN_EMAIL_PLACEHOLDER).'),
        firstName: nonEmpty('First name.').default('Admin'),
        lastName: nonEmpty('Last name.').default('Admin'),
        setPassword: z
          .boolean()
          .default(false)
          .describe('Take the password from the secret source (it then sits in the chart values); false leaves it empty and the CodeCanvas application generates one at its first start (INSTALL.md says where to read it).'),
      })
      .describe('Local administrator created at first install.'),
    relay: z
      .strictObject({ enabled: z.boolean().default(false).describe('Bundled relay in the application release (guide: false).') })
      .prefault({})
      .describe('The application chart\'s bundled relay (relay.enabled and bootstrap.relay.enabled).'),
    jump: z
      .strictObject({ enabled: z.boolean().default(false).describe('Bundled jump server in the application release (guide: false).') })
      .prefault({})
      .describe('The application chart\'s bundled jump server (jump.enabled and bootstrap.jump.enabled).'),
    secrets: secretsSchema.prefault({}),
    delivery: deliverySchema.prefault({}),
    gitops: gitopsSchema.optional(),
    devEnvironmentClusters: z.array(devEnvironmentClusterSchema).default([]).describe('Dev-environment clusters.'),
  })
  // Cross-field rules. `when` makes them run even when other fields are already broken, so a user sees every
  // problem at once; the input may therefore be partly invalid, hence the defensive reads.
  .superRefine((config, ctx) => crossFieldRules(config as unknown as Partial<Loose>, ctx), { when: () => true });

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function crossFieldRules(config: Partial<Loose>, ctx: z.RefinementCtx): void {
  // Stryker disable next-line ArrayDeclaration: an entry that is not a mapping is skipped by every rule below, so a placeholder entry changes nothing
  const clusters: Loose[] = Array.isArray(config.devEnvironmentClusters) ? config.devEnvironmentClusters : [];
  uniqueNames(ctx, clusters, ['devEnvironmentClusters'], 'cluster names must be unique');
  clusters.forEach((cluster, index) => {
    if (cluster && RESERVED_CLUSTER_NAMES.includes(cluster.name)) {
      refuse(ctx, ['devEnvironmentClusters', index, 'name'], cluster.name, `is reserved for the output layout (${RESERVED_CLUSTER_NAMES.join(', ')})`);
    } else if (typeof cluster?.name === 'string' && isWindowsReservedName(cluster.name)) {
      refuse(ctx, ['devEnvironmentClusters', index, 'name'], cluster.name, `names the output folder dist/<name>/ and ${WINDOWS_RESERVED_RULE}`);
    } else if (typeof cluster?.name === 'string' && cluster.name in Object.prototype) {
      // The constructs library keeps a scope's children in a plain object and tests `id in children`, so a Chart
      // with the id `constructor` (the one such name that is a DNS label) is taken for a duplicate of a built-in.
      refuse(ctx, ['devEnvironmentClusters', index, 'name'], cluster.name, CONSTRUCT_ID_RULE);
    }
    // A non-mapping entry is already reported; reading a field of a string or number gives undefined, of null throws.
    if (!cluster) return;
    // jump and ssh default to mappings and ssh.type to NodePort, so only a null (already reported) needs a guard.
    const ssh = cluster.jump?.ssh;
    if (ssh?.type === 'NodePort') {
      for (const field of ['hostname', 'loadBalancerIP', 'loadBalancer']) {
        if (ssh[field] === undefined) continue;
        refuse(ctx, ['devEnvironmentClusters', index, 'jump', 'ssh', field], ssh[field], 'applies only to jump.ssh.type LoadBalancer (a NodePort has no load balancer or DNS name of its own)');
      }
    }
    for (const list of ['storageClasses', 'volumeSnapshotClasses']) {
      if (Array.isArray(cluster[list])) uniqueNames(ctx, cluster[list], ['devEnvironmentClusters', index, list], 'names must be unique');
    }
  });
  // secrets defaults to a mapping; null (already reported) reads as an empty one, and a string's fields read as undefined.
  const secrets: Loose = config.secrets ?? {};
  const source = secrets.source ?? 'keyVault';
  // A string or list (reported by the schema) says nothing about the source meant: `secrets: env` asking for
  // keyVault would mislead. null is an object here, and an absent secrets is already the default mapping.
  const written = typeof config.secrets === 'object' && !Array.isArray(config.secrets);
  if (written && source === 'keyVault' && !secrets.keyVault) {
    refuse(ctx, ['secrets', 'keyVault'], undefined, 'is required when secrets.source is keyVault (give at least vaultUrl)');
  }
  if (source === 'sealedSecrets' && !secrets.sealedSecrets) {
    refuse(ctx, ['secrets', 'sealedSecrets'], undefined, 'is required when secrets.source is sealedSecrets (give at least certificateFile)');
  }
  if (secrets.allowPlaintextSecrets !== true) {
    const releases: [unknown, (string | number)[]][] = [[(config.application as Loose | undefined)?.values, ['application', 'values']]];
    clusters.forEach((cluster, index) => {
      // A cluster or release that is not a mapping (null, a string) has no values; the schema reports its type.
      for (const release of ['relay', 'jump', 'operator']) {
        releases.push([cluster?.[release]?.values, ['devEnvironmentClusters', index, release, 'values']]);
      }
    });
    for (const [values, at] of releases) {
      for (const issue of findSecretValues(values, at)) {
        // issue.path is already formatted ("application.values.env[0].password"); load.ts prints a one-part path as it is.
        refuse(ctx, [issue.path], issue.value, issue.rule);
      }
    }
  }
  derivedNameRules(config, clusters, source, ctx);
  ownershipRules(config, clusters, source, ctx);
  const names: Loose = secrets.names && typeof secrets.names === 'object' ? secrets.names : {};
  for (const [key, value] of Object.entries(names)) {
    if (typeof value !== 'string') continue;
    const path = ['secrets', 'names', key];
    if (source === 'keyVault' && !KEY_VAULT_SECRET_NAME.test(value)) {
      refuse(ctx, path, value, KEY_VAULT_SECRET_NAME_RULE);
    } else if (source !== 'keyVault' && !ENV_VAR.test(value)) {
      refuse(ctx, path, value, ENV_VAR_RULE);
    }
  }
  argocdRenderRules(config, ctx);
  unusedSettingRules(config, ctx);
}

/**
 * Names derived from the config that Kubernetes, DNS or a shell would refuse later: host names over 253
 * characters or with a label over 63, two hosts of the installation that are the same, two Secrets of one
 * namespace with the same name, and cluster names that make environment variable names no shell can export.
 */
function derivedNameRules(config: Partial<Loose>, clusters: Loose[], source: string, ctx: z.RefinementCtx): void {
  // '' when the domain is missing or not text: the schema reports that, and no host derives from it.
  const domain = typeof config.domain === 'string' ? config.domain : '';
  if (hostnames(domain).compute.length > 253) {
    refuse(ctx, ['domain'], domain, `is ${domain.length} characters long; the derived host ${COMPUTE_HOST_PREFIX}<domain> must stay within DNS's 253 characters, so the domain may have at most ${253 - COMPUTE_HOST_PREFIX.length}`);
  }
  // Every host the installation serves, with the field it comes from.
  const hosts = new Map<string, string>();
  if (domain) {
    hosts.set(hostnames(domain).main, 'domain');
    hosts.set(hostnames(domain).compute, 'domain (computeservice.<domain>)');
  }
  clusters.forEach((cluster, index) => {
    // A cluster that is not a mapping (null, a string) has no name; the schema reports it.
    if (typeof cluster?.name !== 'string') return;
    // A relay that is not a mapping (a string, true) has no hostname or enabled field; the schema reports its type.
    const relay: Loose = cluster.relay ?? {};
    const explicit = typeof relay.hostname === 'string' ? relay.hostname : undefined;
    const derived = domain ? defaultRelayHost(domain, index, cluster.name) : undefined;
    if (!explicit && index > 0 && derived) {
      const label = derived.slice(0, derived.length - domain.length - 1);
      if (label.length > 63) {
        refuse(ctx, ['devEnvironmentClusters', index, 'name'], cluster.name, `makes the relay host label ${RELAY_HOST_LABEL_PREFIX}<name> ${label.length} characters long (DNS allows 63): use at most ${63 - RELAY_HOST_LABEL_PREFIX.length} characters, or set relay.hostname`);
      } else if (derived.length > 253) {
        refuse(ctx, ['devEnvironmentClusters', index, 'name'], cluster.name, `makes the relay host ${RELAY_HOST_LABEL_PREFIX}<name>.<domain> longer than DNS's 253 characters: shorten the name or the domain, or set relay.hostname`);
      }
    }
    const host = explicit ?? derived;
    if (host !== undefined) {
      const other = hosts.get(host);
      if (other !== undefined && (relay.enabled === true || explicit)) {
        refuse(ctx, ['devEnvironmentClusters', index, 'relay', 'hostname'], host, `is already the host of ${other}: every host of the installation must be different (one Ingress per host)`);
      } else if (other === undefined) hosts.set(host, `devEnvironmentClusters[${index}].relay.hostname`);
    }
    if (source !== 'keyVault' && /^[0-9]/.test(cluster.name)) {
      refuse(ctx, ['devEnvironmentClusters', index, 'name'], cluster.name, `starts with a digit, so its environment variable names (such as ${envVarName('jumpJwtPrivateKey', cluster.name)}) cannot be exported by a shell: start the name with a letter (secrets.source ${source} reads those variables)`);
    }
  });
  // A jump Service's external-dns hostname is one more host: two records for one name would fight.
  clusters.forEach((cluster, index) => {
    const ssh = cluster?.jump?.ssh;
    if (ssh?.type !== 'LoadBalancer' || typeof ssh.hostname !== 'string') return;
    const other = hosts.get(ssh.hostname);
    if (other !== undefined) {
      refuse(ctx, ['devEnvironmentClusters', index, 'jump', 'ssh', 'hostname'], ssh.hostname, `is already the host of ${other}: ExternalDNS would publish one name for two endpoints (external-dns.alpha.kubernetes.io/hostname), so every host of the installation must be different`);
    } else hosts.set(ssh.hostname, `devEnvironmentClusters[${index}].jump.ssh.hostname`);
  });
  // Secrets in the application namespace: the two the config names and the one flux's valuesFrom reads.
  // A database or objectStorage that is not a mapping has no secretName (its own issue says so): the default applies.
  const dbSecret = typeof config.database?.secretName === 'string' ? config.database.secretName : DEFAULT_DATABASE_SECRET_NAME;
  const storageSecret = typeof config.objectStorage?.secretName === 'string' ? config.objectStorage.secretName : DEFAULT_OBJECT_STORAGE_SECRET_NAME;
  if (dbSecret === storageSecret) {
    refuse(ctx, ['objectStorage', 'secretName'], storageSecret, 'is also database.secretName: two Secrets in one namespace need different names');
  }
  for (const [field, name] of [['database', dbSecret], ['objectStorage', storageSecret]] as const) {
    if (name === CHART_VALUES_SECRET_NAME) {
      refuse(ctx, [field, 'secretName'], name, `is the name of the Secret that carries the chart's secret values (flux valuesFrom): choose another name`);
    }
  }
}

/** Output folder names that a dev-environment cluster may not take. */
/** Why a cluster may not be named like a built-in property of every JavaScript object. */
export const CONSTRUCT_ID_RULE =
  'names the cluster\'s cdk8s Chart, and the constructs library cannot hold a child named like a built-in property of every JavaScript object (constructor); choose another name';
export const RESERVED_CLUSTER_NAMES = [APPLICATION_CLUSTER, HELM_FOLDER, BOOTSTRAP_FOLDER];

function uniqueNames(ctx: z.RefinementCtx, items: readonly Loose[], path: (string | number)[], rule: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (!item || typeof item.name !== 'string') return;
    const first = seen.get(item.name);
    if (first !== undefined) {
      refuse(ctx, [...path, index, 'name'], item.name, `duplicates ${path[path.length - 1]}[${first}].name: ${rule}`);
    } else seen.set(item.name, index);
  });
}

// The config's types are plain interfaces generated from this schema (lib/config/config-types.ts, `npm run schema`),
// so that no public declaration references zod; cli/reference/config-types-source.ts proves they match it.
export type { CodeCanvasConfig, DevEnvironmentClusterConfig, ResolvedConfig, StorageClassConfig, VolumeSnapshotClassConfig } from './config-types';
