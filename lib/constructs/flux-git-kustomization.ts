import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/flux-kustomizations-kustomize.toolkit.fluxcd.io';
import { assertSubdomain } from '../util/rules';
import { FluxGitRepository } from './flux-git-repository';
import { applyMetadata, ConstructMetadataProps, Resource } from './resource';
import { ArgumentError } from '../util/argument-error';

export interface FluxGitKustomizationProps extends ConstructMetadataProps {
  /** Kustomization name. */
  readonly name: string;
  /** The GitRepository to read; the Kustomization goes to its namespace. */
  readonly source: FluxGitRepository;
  /** Folder inside the repository, such as `./dist/application`. */
  readonly path: string;
  /** Reconciliation interval. */
  readonly interval: string;
  /**
   * Kustomizations (same namespace) that must be ready first.
   * @default []
   */
  readonly dependsOn?: readonly string[];
  /**
   * Ready only when every applied object is ready (what the layers after it wait for).
   * @default false
   */
  readonly wait?: boolean;
}

/**
 * A Flux kustomize-controller Kustomization (kustomize.toolkit.fluxcd.io/v1) that applies one folder of a
 * GitRepository, pruning what leaves Git.
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/
 */
export class FluxGitKustomization extends Resource {
  /** The wrapped object (construct id `Resource`). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: FluxGitKustomizationProps) {
    super(scope, id);
    assertSubdomain('FluxGitKustomization', 'name', props.name);
    if (!props.path.startsWith('./') || props.path.split('/').includes('..')) {
      throw new ArgumentError(`FluxGitKustomization: path ${JSON.stringify(props.path)} must start with ./ and stay inside the repository`);
    }
    for (const d of props.dependsOn ?? []) assertSubdomain('FluxGitKustomization', 'dependsOn', d);
    this.apiObject = new Kustomization(this, 'Resource', {
      metadata: { name: props.name, namespace: props.source.namespace },
      spec: {
        interval: props.interval,
        path: props.path,
        prune: true,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: props.source.name },
        dependsOn: props.dependsOn && props.dependsOn.length > 0 ? props.dependsOn.map((name) => ({ name })) : undefined,
        wait: props.wait || undefined,
      },
    });
    applyMetadata('FluxGitKustomization', this.apiObject, props.metadata);
  }
}
