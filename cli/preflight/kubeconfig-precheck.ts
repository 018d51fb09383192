/**
 * Kubeconfig problems found by reading the file, before @kubernetes/client-node is loaded: an empty file (client-node
 * fails with "Cannot read properties of undefined (reading 'clusters')") and a credential plugin that is not
 * installed (client-node fails per request with "spawn kubelogin ENOENT"). Each becomes one message with its fix.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MIB, readTextFile, UnreadableFileError } from '../../lib/util/read-file';
import { loadYaml } from '../../lib/util/yaml';

/** A kubeconfig, context or API problem, with a message fit for the user (no stack trace needed). */
export class KubeReaderError extends Error {
  constructor(
    message: string,
    /** What to do about it, when there is one thing to do. */
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'KubeReaderError';
  }
}

/** Largest kubeconfig read (bytes): hundreds of contexts with embedded certificates fit. */
export const MAX_KUBECONFIG_BYTES = 16 * MIB;

export const GET_CREDENTIALS = 'az aks get-credentials --resource-group <rg> --name <cluster> (or pass --kubeconfig FILE)';

/** The fix for a missing exec credential plugin, by plugin. */
export function missingPluginFix(command: string): string {
  const base = path.basename(command);
  if (base === 'kubelogin') {
    return 'install kubelogin (az aks install-cli installs kubectl and kubelogin; or see https://azure.github.io/kubelogin/) and make sure it is on PATH, then kubelogin convert-kubeconfig -l azurecli';
  }
  return `install ${base} and put it on PATH, or correct users[].user.exec.command in the kubeconfig`;
}

/** Whether `command` (a path, or a name looked up in PATH) names an existing file. */
export function onPath(command: string, env: NodeJS.ProcessEnv, cwd: string): boolean {
  // Stryker disable next-line LogicalOperator: path.sep is '/' where the tests run; the second test is for Windows.
  if (command.includes('/') || command.includes(path.sep)) return fs.existsSync(path.resolve(cwd, command));
  // Stryker disable next-line ConditionalExpression,StringLiteral,LogicalOperator,MethodExpression: Windows only, and the tests run on Linux.
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  // Stryker disable next-line StringLiteral,MethodExpression: a made-up folder in place of no PATH finds nothing either; with one extension (not Windows) every and some agree.
  return (env.PATH ?? '').split(path.delimiter).filter(Boolean).some((dir) => exts.some((ext) => fs.existsSync(path.join(dir, command + ext))));
}


interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name?: string; context?: { user?: string } }[];
  users?: { name?: string; user?: { exec?: { command?: string } } }[];
}

/** The kubeconfig files kubectl would read, in order (a missing one is skipped when read). */
function kubeconfigFiles(options: { kubeconfig?: string; env: NodeJS.ProcessEnv; cwd: string }): string[] {
  if (options.kubeconfig) return [path.resolve(options.cwd, options.kubeconfig)];
  if (options.env.KUBECONFIG) return options.env.KUBECONFIG.split(path.delimiter).filter(Boolean).map((f) => path.resolve(options.cwd, f));
  return [path.join(options.env.HOME || options.env.USERPROFILE || os.homedir(), '.kube', 'config')];
}

/** Throws KubeReaderError for an empty kubeconfig, or a context whose credential plugin is not installed. */
export function precheckKubeconfig(options: { kubeconfig?: string; context?: string; env: NodeJS.ProcessEnv; cwd: string }): void {
  // Stryker disable next-line ArrayDeclaration: a placeholder entry has no current context, contexts or users to find.
  const parsed: KubeconfigFile[] = [];
  for (const file of kubeconfigFiles(options)) {
    let text: string;
    try {
      text = readTextFile(file, MAX_KUBECONFIG_BYTES);
    } catch (e) {
      // Not a regular file, too large or not UTF-8: refused here, before client-node would read it whole (or block).
      if (e instanceof UnreadableFileError && e.code === undefined) throw new KubeReaderError(`kubeconfig ${e.message}`, 'pass --kubeconfig FILE naming the kubeconfig file');
      continue; // client-node reports missing and unreadable files
    }
    if (text.trim() === '') throw new KubeReaderError(`kubeconfig ${file} is empty`, `fetch the cluster's credentials: ${GET_CREDENTIALS}`);
    try {
      const doc = loadYaml(text);
      // A mapping or a list (a list has none of the fields looked for); loadYaml gives undefined, never null, for a null document.
      if (typeof doc === 'object') parsed.push(doc as KubeconfigFile);
    } catch {
      // client-node reports YAML errors
    }
  }
  const contextName = options.context ?? parsed.find((p) => p['current-context'])?.['current-context'];
  // Stryker disable next-line ArrayDeclaration: a placeholder entry has none of the fields looked for, like no entry.
  const context = parsed.flatMap((p) => p.contexts ?? []).find((c) => c.name === contextName);
  // Stryker disable next-line ArrayDeclaration: a placeholder entry has none of the fields looked for, like no entry.
  const user = parsed.flatMap((p) => p.users ?? []).find((u) => u.name === context?.context?.user);
  const plugin = user?.user?.exec?.command;
  if (contextName && plugin && !onPath(plugin, options.env, options.cwd)) {
    throw new KubeReaderError(`context ${contextName} logs in with the credential plugin ${plugin}, which is not installed (not found on PATH)`, missingPluginFix(plugin));
  }
}
