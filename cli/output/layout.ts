import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SYNC_WAVE_ANNOTATION, waveFileName } from '../../lib/constructs/sync-wave';
import { InstallStep } from '../../lib/constructs/install-step';
import { helmFolder, OutputFile } from '../../lib/constructs/output-file';
import { DNS1123_LABEL_RULE, isDns1123Label } from '../../lib/util/rules';
import { shellQuote } from '../../lib/util/shell';
import { toYamlStream } from '../../lib/util/yaml';

/** One file of the output: its path relative to the output directory, its text and mode. */
export interface OutputEntry {
  readonly path: string;
  readonly content: string;
  readonly executable?: boolean;
  /**
   * Set by synth on a file of Kubernetes objects that holds at least one object and whose every object carries
   * synth's managed-by label (isOwnObject), so that the writer's isGeneratedFile holds for `content`. The writer then
   * takes a file already in the output with exactly this content at this path as synth's own without parsing it.
   */
  readonly ownObjects?: boolean;
}

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
};

/** The label, and its value, that marks every object synth writes as synth's. */
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'codecanvas-cdk8s';

/** Whether an object (as JSON, or as read back from YAML) carries synth's managed-by label. */
export function isOwnObject(doc: { metadata?: { labels?: Record<string, string> } }): boolean {
  // Stryker disable next-line OptionalChaining: without metadata or labels an object is not synth's either way (isGeneratedFile catches the TypeError and says so too)
  return doc.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY;
}

/** A file of objects, flagged when every one of them is synth's (see OutputEntry.ownObjects). */
function manifestFile(path: string, manifests: readonly Manifest[]): OutputEntry {
  const content = toYamlStream(manifests);
  return manifests.length > 0 && manifests.every(isOwnObject) ? { path, content, ownObjects: true } : { path, content };
}

/**
 * Whether an output path holds Kubernetes objects: every `.yaml` except the Helm values under `helm/` and the Flux
 * layers' `kustomization.yaml` files under `bootstrap/kustomize/` (kustomize input, not objects).
 */
export function isManifestPath(file: string): boolean {
  return file.endsWith('.yaml') && !file.startsWith('helm/') && !file.startsWith('bootstrap/kustomize/');
}

/** Within one wave file: what others depend on comes first, then namespace and name. */
const KIND_ORDER = [
  'Namespace',
  'StorageClass',
  'VolumeSnapshotClass',
  'ClusterIssuer',
  'ServiceAccount',
  'ClusterSecretStore',
  'SecretStore',
  'Secret',
  'SealedSecret',
  'ExternalSecret',
  'OCIRepository',
  'HelmRelease',
  'HelmChart',
  'GitRepository',
  'Kustomization',
  'Application',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

function compareManifests(a: Manifest, b: Manifest): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    a.kind.localeCompare(b.kind) ||
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

/**
 * The chart's own objects as JSON (not those of a chart nested in it), in construct-tree order, from `all` (its
 * constructs). Not `chart.toJson()`: in cdk8s that re-resolves dependencies and re-validates the whole app on every
 * call, so one call per chart costs O(charts x constructs) (7.4 s instead of 2.9 s for 500 clusters). synthesize()
 * validates once, and chartFiles() orders objects itself.
 */
function manifestsOf(chart: Chart, all: readonly IConstruct[] = chart.node.findAll()): Manifest[] {
  return all.filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart).map((o) => o.toJson() as Manifest);
}

/** A cluster chart rendered: its files (chartFiles) and its own objects as JSON, rendered once for both. */
export interface RenderedChart {
  readonly files: OutputEntry[];
  readonly manifests: readonly Manifest[];
}

/**
 * The files of one cluster chart: `<cluster>/NN-<wave>.yaml` per sync wave (file names sort in apply order),
 * plus the chart's non-manifest files and, when there are install steps, `helm/<cluster>/install.sh`.
 */
export function chartFiles(chart: Chart): OutputEntry[] {
  return renderChart(chart).files;
}

/** chartFiles, and the objects they hold as JSON (for what else synth reads from them, such as service accounts). */
export function renderChart(chart: Chart): RenderedChart {
  const cluster = chart.node.id;
  const all: IConstruct[] = chart.node.findAll();
  const manifests = manifestsOf(chart, all);
  const byWave = new Map<number, Manifest[]>();
  for (const manifest of manifests) {
    const wave = Number(manifest.metadata.annotations?.[SYNC_WAVE_ANNOTATION]);
    if (!Number.isInteger(wave)) {
      throw new Error(`${cluster}: ${manifest.kind} ${manifest.metadata.name} has no ${SYNC_WAVE_ANNOTATION} annotation`);
    }
    if (!byWave.has(wave)) byWave.set(wave, []);
    byWave.get(wave)!.push(manifest);
  }
  const files: OutputEntry[] = [...byWave.entries()]
    .sort(([a], [b]) => a - b)
    .map(([wave, inWave]) => manifestFile(`${cluster}/${waveFileName(wave)}.yaml`, inWave.sort(compareManifests)));

  for (const file of all.filter(OutputFile.isOutputFile)) files.push({ path: file.path, content: file.content, executable: file.executable });
  const steps = all.filter(InstallStep.isInstallStep);
  if (steps.length > 0) files.push(installScript(cluster, steps));
  return { files, manifests };
}

/**
 * The files of a GitOps bootstrap chart: its objects in one `<folder>/bootstrap.yaml` (what the user applies by
 * hand), plus the kustomization.yaml files of the Flux layers, which live outside that folder.
 */
export function bootstrapFiles(chart: Chart, folder: string): OutputEntry[] {
  const all: IConstruct[] = chart.node.findAll();
  const files: OutputEntry[] = [manifestFile(`${folder}/bootstrap.yaml`, manifestsOf(chart, all).sort(compareManifests))];
  for (const file of all.filter(OutputFile.isOutputFile)) files.push({ path: file.path, content: file.content });
  return files;
}

function installScript(cluster: string, steps: readonly InstallStep[]): OutputEntry {
  if (!isDns1123Label(cluster)) throw new Error(`install.sh: cluster name ${JSON.stringify(cluster)} ${DNS1123_LABEL_RULE}`);
  const lines = [
    '#!/usr/bin/env bash',
    `# Installs the ${cluster} cluster's part of CodeCanvas, generated by codecanvas-cdk8s. Run it with the`,
    `# kube context of that cluster selected; it applies the manifests first, then the Helm releases.`,
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    '',
    `kubectl apply -f ${shellQuote(`../../${cluster}/`)}`,
  ];
  // A comment is one line of printable text, whatever it holds; the commands quote their own words.
  for (const step of steps) lines.push('', `# ${step.comment.replace(/[^\x20-\x7e]/g, '?')}`, step.command);
  return { path: `${helmFolder(cluster)}/install.sh`, content: `${lines.join('\n')}\n`, executable: true };
}
