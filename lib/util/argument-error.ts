/**
 * Thrown by a construct (or helper) whose argument breaks a rule, with the construct, property, value and rule in
 * its message. Synth reports it as a problem of the input; any other error is a bug and reaches the CLI's
 * last-resort handler, so an error from cdk8s or the file system is never passed off as a config problem.
 */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}
