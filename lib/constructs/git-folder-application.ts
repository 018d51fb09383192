import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Application } from '../../imports/argocd-argoproj.io';
import { assertNoProblem, assertSubdomain, gitUrlProblem } from '../util/rules';
import { assertNoUrlCredentials, GIT_CREDENTIALS_HINT } from '../util/secret-text';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
import { ArgumentError } from '../util/argument-error';
import { ARGOCD_DEFAULTS } from '../util/names';

export interface GitFolderApplicationProps extends ConstructMetadataProps {
  /** Application name. */
  readonly name: string;
  /**
   * Namespace where Argo CD watches Applications.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Argo CD project.
   * @default 'default'
   */
  readonly project?: string;
  /** Git repository URL (https:// or ssh://), without credentials: only ssh://git@host/... may name a user; no query or fragment. */
  readonly repoURL: string;
  /** Branch, tag or commit to follow. */
  readonly revision: string;
  /** Folder inside the repository whose YAML files are applied (not recursive). */
  readonly path: string;
  /**
   * API server of the cluster the folder is applied to, as registered in Argo CD (without credentials, query or fragment).
   * @default 'https://kubernetes.default.svc'
   */
  readonly destinationServer?: string;
}

/**
 * An Argo CD Application that applies the plain YAML files of one Git folder to one cluster, automated with prune
 * and self-heal, retrying with backoff (objects of a later sync wave may need a controller that a cluster gets
 * later, such as the CRDs of External Secrets Operator).
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/directory/
 */
export class GitFolderApplication extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: GitFolderApplicationProps) {
    super(scope, id);
    assertSubdomain('GitFolderApplication', 'name', props.name);
    assertNoProblem('GitFolderApplication', 'repoURL', props.repoURL, gitUrlProblem(props.repoURL));
    assertNoUrlCredentials('GitFolderApplication', 'repoURL', props.repoURL, GIT_CREDENTIALS_HINT);
    if (props.destinationServer !== undefined) {
      assertNoUrlCredentials('GitFolderApplication', 'destinationServer', props.destinationServer, 'Argo CD keeps a cluster\'s credentials in its cluster Secret');
    }
    if (props.path.startsWith('/') || props.path.split('/').includes('..')) {
      throw new ArgumentError(`GitFolderApplication: path ${JSON.stringify(props.path)} must be relative to the repository root`);
    }
    this.apiObject = new Application(this, 'Resource', {
      // No resources finalizer: deleting a bootstrap Application must not delete the installation it synced.
      metadata: { name: props.name, namespace: props.namespace ?? ARGOCD_DEFAULTS.namespace },
      spec: {
        project: props.project ?? ARGOCD_DEFAULTS.project,
        // No `directory` block: the folder's own files are what Argo CD applies by default (recurse false), and the
        // application-controller normalizes a directory block holding only default values away, so a live Application
        // with one never equals Git and self-heal re-applies it forever.
        source: { repoUrl: props.repoURL, targetRevision: props.revision, path: props.path },
        destination: { server: props.destinationServer ?? ARGOCD_DEFAULTS.destinationServer },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
        },
      },
    });
    applyMetadata('GitFolderApplication', this.apiObject, props.metadata);
  }
}
