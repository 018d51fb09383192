import type { ResolvedConfig } from '../config/config-types';
import { deepMerge } from './deep-merge';
import { hostnames } from '../util/names';


/**
 * The values of the CodeCanvas chart that this project sets: the structure of the guide's `custom.values.yaml`
 * (master secret and admin password only where they may appear), plus `config.codecanvas.db.sslmode`.
 * @see https://www.jetbrains.com/help/codecanvas/ (Distributed Installation to Azure AKS)
 */
export interface CodeCanvasChartValues {
  readonly application: {
    readonly replicaCount: number;
    readonly serviceAccount: { readonly name: string; readonly annotations: { readonly 'azure.workload.identity/client-id': string } };
    readonly podLabels: { readonly 'azure.workload.identity/use': 'true' };
    readonly ingress: {
      readonly annotations: { readonly 'cert-manager.io/cluster-issuer': string };
      readonly ingressClassName: string;
      readonly hostname: string;
      readonly computeHostname: string;
      readonly tlsEnabled: true;
    };
    readonly config: {
      readonly codecanvas: {
        readonly bootstrap: { readonly relay: { readonly enabled: boolean }; readonly jump: { readonly enabled: boolean } };
        readonly licenseAgreementAccepted: true;
        readonly db?: { readonly sslmode: string };
      };
    };
    readonly secret: {
      readonly objectStorage: { readonly type: 'azure'; readonly existingSecretName: string };
      readonly postgresql: { readonly existingSecretName: string };
      readonly codecanvas: {
        readonly localAdministrator: {
          readonly firstName: string;
          readonly lastName: string;
          readonly username: string;
          readonly password?: string;
          readonly email: string;
        };
      };
    };
  };
  readonly jump: { readonly enabled: boolean };
  readonly relay: { readonly enabled: boolean };
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
export function codecanvasValues(config: ResolvedConfig, options: CodeCanvasValuesOptions = {}): CodeCanvasChartValues & Record<string, unknown> {
  const hosts = hostnames(config.domain);
  const localAdministrator = {
    firstName: config.localAdministrator.firstName,
    lastName: config.localAdministrator.lastName,
    username: config.localAdministrator.username,
    ...(options.adminPassword !== undefined ? { password: options.adminPassword } : {}),
    email: config.localAdministrator.email,
  };
  const codecanvasConfig = {
    bootstrap: { relay: { enabled: config.relay.enabled }, jump: { enabled: config.jump.enabled } },
    licenseAgreementAccepted: config.licenseAgreementAccepted,
    ...(config.database.sslMode ? { db: { sslmode: config.database.sslMode } } : {}),
  };

  const values: CodeCanvasChartValues = {
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
  return deepMerge({ ...values }, config.application.values) as CodeCanvasChartValues & Record<string, unknown>;
}
