import { Construct, IConstruct } from 'constructs';

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

  /** Shell command(s), one per line. */
  readonly command: string;
  /** The comment shown above the command. */
  readonly comment: string;

  constructor(scope: Construct, id: string, props: InstallStepProps) {
    super(scope, id);
    this.command = props.command;
    this.comment = props.comment;
  }
}
