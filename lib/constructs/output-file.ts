import { Construct, IConstruct } from 'constructs';
import { ArgumentError } from '../util/argument-error';

/** Folder (under the output directory) with the Helm values files and install script of `cluster`. */
export function helmFolder(cluster: string): string {
  return `helm/${cluster}`;
}

export interface OutputFileProps {
  /** Path relative to the output directory, with "/" separators. Never inside a cluster's manifest folder. */
  readonly path: string;
  readonly content: string;
  /**
   * Whether the file is a script to run.
   * @default false
   */
  readonly executable?: boolean;
}

/**
 * A file that is not a Kubernetes manifest (a Helm values file, an install script). The output writer puts it
 * at `path` under the output directory, outside the manifest folders that `kubectl apply -f` reads.
 */
export class OutputFile extends Construct {
  static isOutputFile(x: IConstruct): x is OutputFile {
    return x instanceof OutputFile;
  }

  readonly path: string;
  readonly content: string;
  readonly executable: boolean;

  constructor(scope: Construct, id: string, props: OutputFileProps) {
    super(scope, id);
    if (props.path.startsWith('/') || props.path.split('/').includes('..')) {
      throw new ArgumentError(`OutputFile: path ${JSON.stringify(props.path)} must be relative and stay inside the output directory`);
    }
    this.path = props.path;
    this.content = props.content;
    this.executable = props.executable ?? false;
  }
}

export interface InstallStepProps {
  /** Shell command(s), one per line, run from the output directory. */
  readonly command: string;
  /** A comment shown above the command. */
  readonly comment: string;
}

/**
 * One step of a cluster's install script (`helm/<cluster>/install.sh`), in construct order after the
 * `kubectl apply` of the cluster's manifest folder.
 */
export class InstallStep extends Construct {
  static isInstallStep(x: IConstruct): x is InstallStep {
    return x instanceof InstallStep;
  }

  readonly command: string;
  readonly comment: string;

  constructor(scope: Construct, id: string, props: InstallStepProps) {
    super(scope, id);
    this.command = props.command;
    this.comment = props.comment;
  }
}
