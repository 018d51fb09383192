import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterIssuer } from '../../imports/cert-manager-cert-manager.io';
import { assertNoProblem, assertSubdomain, EMAIL, EMAIL_RULE, LETS_ENCRYPT_SERVERS, letsEncryptServerProblem } from '../util/rules';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
import { ArgumentError } from '../util/argument-error';

export { LETS_ENCRYPT_SERVERS };

export interface LetsEncryptClusterIssuerProps extends ConstructMetadataProps {
  /** ClusterIssuer name; the Ingress annotation `cert-manager.io/cluster-issuer` refers to it. */
  readonly name: string;
  /** ACME account e-mail (Let's Encrypt sends expiry notices there). */
  readonly email: string;
  /** IngressClass whose controller serves the HTTP-01 challenge. */
  readonly ingressClassName: string;
  /**
   * Let's Encrypt production or staging directory.
   * @default 'production'
   */
  readonly server?: keyof typeof LETS_ENCRYPT_SERVERS;
  /**
   * Secret (in cert-manager's namespace) that stores the ACME account key.
   * @default - `<name>-account-key`
   */
  readonly accountKeySecretName?: string;
}

/**
 * A cert-manager ClusterIssuer for Let's Encrypt with an HTTP-01 solver through the ingress class, so the
 * CodeCanvas Ingresses get certificates for the main, computeservice. and gateway. hosts.
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 */
export class LetsEncryptClusterIssuer extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: LetsEncryptClusterIssuerProps) {
    super(scope, id);
    assertSubdomain('LetsEncryptClusterIssuer', 'name', props.name);
    assertSubdomain('LetsEncryptClusterIssuer', 'ingressClassName', props.ingressClassName);
    if (!EMAIL.test(props.email)) {
      throw new ArgumentError(`LetsEncryptClusterIssuer: email ${JSON.stringify(props.email)} ${EMAIL_RULE}`);
    }
    const server = props.server ?? 'production';
    assertNoProblem('LetsEncryptClusterIssuer', 'server', server, letsEncryptServerProblem(server));
    this.apiObject = new ClusterIssuer(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        acme: {
          server: LETS_ENCRYPT_SERVERS[server],
          email: props.email,
          privateKeySecretRef: { name: props.accountKeySecretName ?? `${props.name}-account-key` },
          solvers: [{ http01: { ingress: { ingressClassName: props.ingressClassName } } }],
        },
      },
    });
    applyMetadata('LetsEncryptClusterIssuer', this.apiObject, props.metadata);
  }
}
