import { Construct } from 'constructs';
import { ApiObject, ApiObjectMetadata, Chart } from 'cdk8s';
import { assertLabel, CHART_VERSION, CHART_VERSION_RULE, OCI_URL, OCI_URL_RULE } from '../util/rules';
import { maskSecrets } from '../util/secret-text';
import { applyMetadata, ConstructMetadataProps } from './resource';
import { ArgumentError } from '../util/argument-error';

/** Where a chart comes from: an OCI repository (without the chart name), the chart name and its version. */
export interface ChartCoordinates {
  /** Such as `oci://public.registry.jetbrains.space/p/codecanvas/release-charts`. */
  readonly repository: string;
  /** Chart name inside the repository, such as `codecanvas`. */
  readonly name: string;
  /** Chart version, such as `2025.1.2`. */
  readonly version: string;
}

/** A chart value that is read from a Secret at install time instead of being written in the output. */
export interface ValuesFromSecret {
  /** Secret in the release namespace. */
  readonly secretName: string;
  /** Key in the Secret. */
  readonly key: string;
  /** Dotted path of the chart value, such as `application.secret.codecanvas.masterSecret`. */
  readonly targetPath: string;
}

/**
 * Fields of a rendered object that the chart keeps stable only through Helm `lookup` (reading the live cluster).
 * A renderer without cluster access (Argo CD's repo-server) renders a new value each time, so it must leave them
 * as first created.
 */
export interface LookupDependentField {
  /** API group of the object (`''` for the core group). */
  readonly group: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /**
   * Namespace of the object.
   * @default - the release namespace
   */
  readonly namespace?: string;
  /** RFC 6901 JSON pointers of the fields, such as `/data/KEY`. */
  readonly jsonPointers: readonly string[];
}

/** Turns a HelmChart into something that installs it: Argo CD, Flux, k3s objects, or a values file plus command. */
export interface IHelmRenderer {
  /** A short name for messages and docs, such as `argocd`. */
  readonly kind: string;
  /** Adds the objects or files that install `release` as children of `release`. */
  render(release: HelmChart<object>): void;
}

export interface HelmChartProps<V extends object = Record<string, unknown>> extends ConstructMetadataProps {
  /** Where the chart comes from. */
  readonly chart: ChartCoordinates;
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace the release is installed into (must exist before install). */
  readonly namespace: string;
  /**
   * Chart values as written into the output.
   * @default {}
   */
  readonly values?: V;
  /**
   * Values read from Secrets at install time. Only renderers that support it (Flux) accept them.
   * @default []
   */
  readonly valuesFrom?: readonly ValuesFromSecret[];
  /**
   * Fields the chart keeps stable only through Helm `lookup`; renderers without cluster access leave them as
   * first created.
   * @default []
   */
  readonly lookupDependentFields?: readonly LookupDependentField[];
  /**
   * Releases that must be ready first (Flux `dependsOn`; install order for the helm command).
   * @default []
   */
  readonly dependsOn?: readonly HelmChart<object>[];
  /** How the release is delivered. */
  readonly renderer: IHelmRenderer;
  /**
   * Extra labels, annotations, finalizers and owner references for every object the renderer creates (Argo CD
   * Application, Flux OCIRepository and HelmRelease, k3s HelmChart).
   * @default - no extra metadata
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A Helm release in delivery-neutral form: chart coordinates, release name, namespace and typed values. The
 * renderer decides what lands in the output (see {@link HelmChart.apiObjects}); several objects or none, so it is
 * not a `Resource`. `metadata` reaches every object the renderer creates.
 * @see https://helm.sh/docs/topics/charts/
 */
export class HelmChart<V extends object = Record<string, unknown>> extends Construct {
  /** Where the chart comes from. */
  readonly chart: ChartCoordinates;
  /** The Helm release name. */
  readonly releaseName: string;
  /** The namespace the release is installed into. */
  readonly namespace: string;
  /** Typed by the chart's wrapper, e.g. `CodeCanvasChartValues` for the CodeCanvas chart. */
  readonly values: V;
  /** Values read from Secrets at install time. */
  readonly valuesFrom: readonly ValuesFromSecret[];
  /** Releases that must be ready first. */
  readonly dependsOn: readonly HelmChart<object>[];
  /** Fields the chart keeps stable only through Helm `lookup`. */
  readonly lookupDependentFields: readonly LookupDependentField[];
  /** How the release is delivered. */
  readonly renderer: IHelmRenderer;

  constructor(scope: Construct, id: string, props: HelmChartProps<V>) {
    super(scope, id);
    assertLabel('HelmChart', 'releaseName', props.releaseName);
    assertLabel('HelmChart', 'namespace', props.namespace);
    assertLabel('HelmChart', 'chart.name', props.chart.name);
    // The same grammars as the config schema: these words end up in manifests and in install.sh.
    if (!OCI_URL.test(props.chart.repository)) {
      throw new ArgumentError(`HelmChart: chart.repository ${JSON.stringify(maskSecrets(props.chart.repository))} ${OCI_URL_RULE}`);
    }
    if (!CHART_VERSION.test(props.chart.version)) {
      throw new ArgumentError(`HelmChart: chart.version ${JSON.stringify(props.chart.version)} ${CHART_VERSION_RULE}`);
    }
    this.chart = props.chart;
    this.releaseName = props.releaseName;
    this.namespace = props.namespace;
    this.values = props.values ?? ({} as V);
    this.valuesFrom = props.valuesFrom ?? [];
    this.dependsOn = props.dependsOn ?? [];
    this.lookupDependentFields = props.lookupDependentFields ?? [];
    this.renderer = props.renderer;
    props.renderer.render(this);
    // Whatever the renderer created (Application, HelmRelease, ...) carries the user's metadata.
    for (const obj of this.apiObjects) applyMetadata('HelmChart', obj, props.metadata);
    // A release waits for another only within one cluster's output and one kind of delivery (Flux `dependsOn`
    // names a HelmRelease of the same cluster); the dependencies may be declared after this release.
    this.node.addValidation({
      validate: () =>
        this.dependsOn.flatMap((d) => {
          const [own, theirs] = [Chart.of(this), Chart.of(d)];
          if (own !== theirs) {
            return [`HelmChart ${this.releaseName}: dependsOn ${d.releaseName} is in chart ${theirs.node.id}, not in ${own.node.id}; a release can wait only for a release of its own chart (cluster)`];
          }
          if (d.renderer.kind !== this.renderer.kind) {
            return [`HelmChart ${this.releaseName}: dependsOn ${d.releaseName} is delivered by the ${d.renderer.kind} renderer, this release by ${this.renderer.kind}; both must use the same renderer`];
          }
          return [];
        }),
    });
  }

  /**
   * The objects the renderer created, in creation order: the Argo CD Application; the Flux OCIRepository and
   * HelmRelease (the HelmRelease is the release); the k3s HelmChart; none for the helm renderer, whose values file
   * and install step are not Kubernetes objects.
   */
  get apiObjects(): ApiObject[] {
    return this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  }

  /** `oci://host/path/name`: the chart reference for `helm` and Flux. */
  get chartUrl(): string {
    return `${this.chart.repository}/${this.chart.name}`;
  }
}

/**
 * For renderers that can only carry values inline: a validation error when `release` asks for values from
 * Secrets, naming them and the renderer that can.
 */
export function rejectValuesFrom(release: HelmChart<object>, renderer: string): void {
  if (release.valuesFrom.length === 0) return;
  const paths = release.valuesFrom.map((v) => v.targetPath).join(', ');
  release.node.addValidation({
    validate: () => [
      `HelmChart ${release.releaseName}: the ${renderer} renderer cannot read values from Secrets (${paths}); use delivery.mode flux, or leave those values to the chart`,
    ],
  });
}
