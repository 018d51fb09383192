import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ArgumentError } from '../util/argument-error';
import { InstallStep } from './install-step';
import { HELM_FOLDER } from '../util/names';

/** Construct trees (by root) whose OutputFiles a writer puts on disk: the codecanvas-cdk8s command's. */
const writtenTrees = new WeakSet<IConstruct>();

/**
 * Declares that the caller writes the OutputFiles of `root`'s tree itself (the codecanvas-cdk8s command's output
 * writer does). Without it, synthesizing a tree that holds OutputFiles fails validation: cdk8s's own `app.synth()`
 * writes manifests only, so the Helm values files and install scripts would silently be missing.
 */
export function writesOutputFiles(root: IConstruct): void {
  writtenTrees.add(root.node.root);
}

/** Charts that already carry the check (one message per chart, however many files it holds). */
const checkedCharts = new WeakSet<Chart>();

/** The message of a chart whose files nobody writes (the files' paths, and how many install.sh steps it has). */
export function unwrittenFilesMessage(files: readonly string[], installSteps: number): string {
  const steps = installSteps > 0 ? ` and ${installSteps} step(s) of install.sh` : '';
  return (
    `holds files that cdk8s's app.synth() does not write (it writes Kubernetes manifests only): ${files.join(', ')}${steps}. ` +
    'Run `codecanvas-cdk8s synth`, which writes them next to the manifests, or use delivery.mode argocd, flux or k3s, ' +
    'whose Helm releases are manifests'
  );
}

function checkWritten(file: Construct): void {
  const chart = [...file.node.scopes].reverse().find((c): c is Chart => Chart.isChart(c));
  const holder: Construct = chart ?? file;
  if (chart) {
    if (checkedCharts.has(chart)) return;
    checkedCharts.add(chart);
  }
  holder.node.addValidation({
    validate: () => {
      if (writtenTrees.has(holder.node.root)) return [];
      const all = holder.node.findAll();
      return [unwrittenFilesMessage(all.filter(OutputFile.isOutputFile).map((f) => f.path), all.filter(InstallStep.isInstallStep).length)];
    },
  });
}

/** Folder (under the output directory) with the Helm values files and install script of `cluster`. */
export function helmFolder(cluster: string): string {
  return `${HELM_FOLDER}/${cluster}`;
}

export interface OutputFileProps {
  /** Path relative to the output directory, with "/" separators. Never inside a cluster's manifest folder. */
  readonly path: string;
  /** The file's text. */
  readonly content: string;
  /**
   * Whether the file is a script to run.
   * @default false
   */
  readonly executable?: boolean;
}

/**
 * A file that is not a Kubernetes manifest (a Helm values file, an install script). The output writer puts it
 * at `path` under the output directory, outside the manifest folders that `kubectl apply -f` reads. A tree that
 * holds one fails validation unless its writer declared itself with `writesOutputFiles` (plain `app.synth()` would
 * drop the file).
 */
export class OutputFile extends Construct {
  static isOutputFile(x: IConstruct): x is OutputFile {
    return x instanceof OutputFile;
  }

  /** Path relative to the output directory. */
  readonly path: string;
  /** The file's text. */
  readonly content: string;
  /** Whether the file is a script to run. */
  readonly executable: boolean;

  constructor(scope: Construct, id: string, props: OutputFileProps) {
    super(scope, id);
    if (props.path.startsWith('/') || props.path.split('/').includes('..')) {
      throw new ArgumentError(`OutputFile: path ${JSON.stringify(props.path)} must be relative and stay inside the output directory`);
    }
    this.path = props.path;
    this.content = props.content;
    this.executable = props.executable ?? false;
    checkWritten(this);
  }
}
