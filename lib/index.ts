/**
 * codecanvas-cdk8s: cdk8s constructs for a JetBrains CodeCanvas installation on Azure AKS.
 *
 * - {@link CodeCanvasInstallation}: the whole installation from one config object, one Chart per cluster.
 * - The building blocks (L2 constructs): Namespace, DatabaseSecret, ObjectStorageSecret, AzureDiskStorageClass,
 *   AzureDiskVolumeSnapshotClass, LetsEncryptClusterIssuer, KeyVaultSecretStore, ServiceAccount and the others on
 *   the common base {@link Resource} (one wrapped `apiObject`, `metadata` for labels and annotations), HelmChart, and
 *   the operator constructs.
 * - Helm renderers (Argo CD, Flux, helm CLI, k3s) and secret sources (Key Vault via ESO, Sealed Secrets, env).
 * - The config: {@link parseConfig}, {@link loadConfigFile} and the {@link CodeCanvasConfig} type.
 *
 * Nothing else of the package is public API. The `codecanvas-cdk8s` command is a separate bundle (the package's
 * bin), so importing this module loads neither the Kubernetes client nor the schema validator.
 * @packageDocumentation
 */

// L3
export { CodeCanvasInstallation } from './codecanvas-installation';
export type { CodeCanvasInstallationProps } from './codecanvas-installation';

// L2 constructs
export { Namespace } from './constructs/namespace';
export type { NamespaceProps } from './constructs/namespace';
export { DatabaseSecret } from './constructs/database-secret';
export type { DatabaseSecretProps } from './constructs/database-secret';
export { ObjectStorageSecret } from './constructs/object-storage-secret';
export type { ObjectStorageSecretProps } from './constructs/object-storage-secret';
export { AzureDiskStorageClass, AZURE_DISK_CSI_DRIVER } from './constructs/azure-disk-storage-class';
export type { AzureDiskStorageClassProps } from './constructs/azure-disk-storage-class';
export { AzureDiskVolumeSnapshotClass } from './constructs/azure-disk-volume-snapshot-class';
export type { AzureDiskVolumeSnapshotClassProps } from './constructs/azure-disk-volume-snapshot-class';
export { LetsEncryptClusterIssuer, LETS_ENCRYPT_SERVERS } from './constructs/lets-encrypt-cluster-issuer';
export type { LetsEncryptClusterIssuerProps } from './constructs/lets-encrypt-cluster-issuer';
export { KeyVaultSecretStore } from './constructs/key-vault-secret-store';
export type { KeyVaultSecretStoreProps } from './constructs/key-vault-secret-store';
export { HelmChart } from './constructs/helm-chart';
export type { ChartCoordinates, HelmChartProps, IHelmRenderer, LookupDependentField, ValuesFromSecret } from './constructs/helm-chart';
export { CodeCanvasOperator } from './constructs/codecanvas-operator';
export { DEFAULT_OPERATOR_LIVENESS_PROBE, DEFAULT_OPERATOR_RESOURCES } from './constructs/codecanvas-operator';
export type { CodeCanvasOperatorProps, OperatorAutoscaling } from './constructs/codecanvas-operator';
export { CodeCanvasOperatorDeployment, DEFAULT_OPERATOR_SECURITY_CONTEXT } from './constructs/codecanvas-operator-deployment';
export type { CodeCanvasOperatorDeploymentProps, OperatorLivenessProbe, OperatorPodProps } from './constructs/codecanvas-operator-deployment';
export { CodeCanvasOperatorRbac } from './constructs/codecanvas-operator-rbac';
export type { CodeCanvasOperatorRbacProps } from './constructs/codecanvas-operator-rbac';
export { ServiceAccount } from './constructs/service-account';
export type { ServiceAccountProps } from './constructs/service-account';
export { HorizontalPodAutoscaler } from './constructs/horizontal-pod-autoscaler';
export type { HorizontalPodAutoscalerProps } from './constructs/horizontal-pod-autoscaler';
export { GitFolderApplication } from './constructs/git-folder-application';
export type { GitFolderApplicationProps } from './constructs/git-folder-application';
export { FluxGitRepository } from './constructs/flux-git-repository';
export type { FluxGitRepositoryProps } from './constructs/flux-git-repository';
export { FluxGitKustomization } from './constructs/flux-git-kustomization';
export type { FluxGitKustomizationProps } from './constructs/flux-git-kustomization';
export type { OperatorResources } from './util/image';
export { Resource } from './constructs/resource';
export type { ConstructMetadataProps } from './constructs/resource';
export { applySyncWaves, DEFAULT_SYNC_WAVES, setSyncWave, SYNC_WAVE_ANNOTATION, SyncWave } from './constructs/sync-wave';
export { AZURE_DISK_SKUS } from './util/rules';
export type { AzureDiskSku } from './util/rules';

// Helm renderers
export { ArgoCdRenderer } from './renderers/argocd-renderer';
export type { ArgoCdRendererProps } from './renderers/argocd-renderer';
export { FluxRenderer } from './renderers/flux-renderer';
export type { FluxRendererProps } from './renderers/flux-renderer';
export { HelmCliRenderer } from './renderers/helm-cli-renderer';
export { K3sHelmChartRenderer } from './renderers/k3s-helm-chart-renderer';
export type { K3sHelmChartRendererProps } from './renderers/k3s-helm-chart-renderer';

// Secret sources
export type { ISecretSource, SecretReference, SecretSourceKind, SecretSpec, ValueRule } from './constructs/secret-source';
export { EnvSecretSource } from './secrets/env-secret-source';
export type { EnvSecretSourceProps, PlaintextField } from './secrets/env-secret-source';
export { KeyVaultSecretSource } from './secrets/key-vault-secret-source';
export type { KeyVaultSecretSourceProps } from './secrets/key-vault-secret-source';
export { SealedSecretSource } from './secrets/sealed-secret-source';
export type { SealedSecretSourceProps } from './secrets/sealed-secret-source';
export type { SealingScope } from './secrets/seal';

// Config
export { loadConfigFile, parseConfig } from './config/public';
export type { ParseConfigOptions } from './config/public';
export type { LoadedConfig } from './config/load';
export type { CodeCanvasConfig, ResolvedConfig } from './config/config-types';
export { ConfigError } from './config/errors';
export { ArgumentError } from './util/argument-error';
export type { ConfigIssue } from './config/errors';
