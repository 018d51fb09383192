import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GitRepository } from '../../imports/flux-gitrepositories-source.toolkit.fluxcd.io';
import { assertLabel, assertSubdomain } from '../util/rules';
import { assertNoUrlCredentials, GIT_CREDENTIALS_HINT, maskSecrets } from '../util/secret-text';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
import { ArgumentError } from '../util/argument-error';

export interface FluxGitRepositoryProps extends ConstructMetadataProps {
  /** GitRepository name. */
  readonly name: string;
  /** Namespace of the Flux controllers. */
  readonly namespace: string;
  /** Repository URL (https:// or ssh://), without credentials: only ssh://git@host/... may name a user; no query or fragment. */
  readonly url: string;
  /** Branch to follow. */
  readonly branch: string;
  /** How often Flux fetches the branch. */
  readonly interval: string;
  /**
   * Secret (same namespace) with the Git credentials of a private repository.
   * @default - none (public repository)
   */
  readonly secretName?: string;
}

/**
 * A Flux source-controller GitRepository (source.toolkit.fluxcd.io/v1) that follows one branch.
 * @see https://fluxcd.io/flux/components/source/gitrepositories/
 */
export class FluxGitRepository extends Resource {
  /** The namespace of the GitRepository (that of the Flux controllers). */
  readonly namespace: string;
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: FluxGitRepositoryProps) {
    super(scope, id);
    assertSubdomain('FluxGitRepository', 'name', props.name);
    assertLabel('FluxGitRepository', 'namespace', props.namespace);
    if (!/^(https?|ssh):\/\/\S+$/.test(props.url)) {
      throw new ArgumentError(`FluxGitRepository: url ${JSON.stringify(maskSecrets(props.url))} must be an http(s):// or ssh:// URL (the CRD's pattern)`);
    }
    assertNoUrlCredentials('FluxGitRepository', 'url', props.url, GIT_CREDENTIALS_HINT);
    this.namespace = props.namespace;
    this.apiObject = new GitRepository(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        url: props.url,
        ref: { branch: props.branch },
        interval: props.interval,
        secretRef: props.secretName ? { name: props.secretName } : undefined,
      },
    });
    applyMetadata('FluxGitRepository', this.apiObject, props.metadata);
  }
}
