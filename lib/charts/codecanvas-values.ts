import { ResolvedConfig } from '../config/schema';
import { deepMerge } from './deep-merge';

/** Host names derived from the external domain, following the guide's naming scheme. */
export function hostnames(domain: string): { main: string; compute: string; gateway: string } {
  return { main: domain, compute: `computeservice.${domain}`, gateway: `gateway.${domain}` };
}

export interface CodeCanvasValuesOptions {
  /** The local administrator's password, when it is to be written into the values. */
  readonly adminPassword?: string;
}

/**
 * The CodeCanvas chart values: the guide's `custom.values.yaml`, key for key and in its order, with the
 * placeholders filled from the config. The master secret is deliberately absent: it reaches the app as
 * `CODECANVAS_MASTER_SECRET` from a Secret (or through Flux valuesFrom), never from values in Git.
 * `application.values` from the config is deep-merged last.
 */
export function codecanvasValues(config: ResolvedConfig, options: CodeCanvasValuesOptions = {}): Record<string, unknown> {
  const hosts = hostnames(config.domain);
  const localAdministrator: Record<string, unknown> = {
    firstName: config.localAdministrator.firstName,
    lastName: config.localAdministrator.lastName,
    username: config.localAdministrator.username,
  };
  if (options.adminPassword !== undefined) localAdministrator.password = options.adminPassword;
  localAdministrator.email = config.localAdministrator.email;

  const codecanvasConfig: Record<string, unknown> = {
    bootstrap: { relay: { enabled: config.relay.enabled }, jump: { enabled: config.jump.enabled } },
    licenseAgreementAccepted: config.licenseAgreementAccepted,
  };
  if (config.database.sslMode) codecanvasConfig.db = { sslmode: config.database.sslMode };

  const values = {
    application: {
      replicaCount: config.application.replicas,
      serviceAccount: {
        name: config.workloadIdentity.serviceAccountName,
        annotations: { 'azure.workload.identity/client-id': config.workloadIdentity.clientId },
      },
      podLabels: { 'azure.workload.identity/use': 'true' },
      ingress: {
        annotations: { 'cert-manager.io/cluster-issuer': config.ingress.clusterIssuer },
        ingressClassName: config.ingress.className,
        hostname: hosts.main,
        computeHostname: hosts.compute,
        tlsEnabled: true,
      },
      config: { codecanvas: codecanvasConfig },
      secret: {
        objectStorage: { type: 'azure', existingSecretName: config.objectStorage.secretName },
        postgresql: { existingSecretName: config.database.secretName },
        codecanvas: { localAdministrator },
      },
    },
    jump: { enabled: config.jump.enabled },
    relay: { enabled: config.relay.enabled },
  };
  return deepMerge(values, config.application.values);
}
