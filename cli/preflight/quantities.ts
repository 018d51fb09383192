/**
 * Parsing and formatting for preflight: Kubernetes resource quantities, API server versions, and CPU / memory
 * amounts as the checks show them.
 */
import { VersionView } from './cluster-reader';

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;
const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * A Kubernetes resource quantity (`3860m`, `4`, `15Gi`, `16393216Ki`, `1e3`, `500M`) as a number of base units:
 * cores for CPU, bytes for memory. Undefined when `text` is not a quantity.
 */
export function parseQuantity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const [, sign, digits, exponent, suffix] = m;
  let value = Number(digits);
  if (exponent !== undefined) value *= 10 ** Number(exponent);
  else if (suffix !== undefined) value *= BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix];
  return sign === '-' ? -value : value;
}

export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
}

/**
 * The version of an API server from its `/version` answer: `gitVersion` such as `v1.29.15` or
 * `v1.30.2-eks-1552ad0`, else `major`/`minor` (`"1"`, `"29+"`). Undefined when neither can be read.
 */
export function parseKubernetesVersion(info: Partial<VersionView> | string): KubernetesVersion | undefined {
  const v = typeof info === 'string' ? { gitVersion: info } : info;
  // Stryker disable next-line StringLiteral: any text that does not start with a version reads the same as ''.
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec((v.gitVersion ?? '').trim());
  if (m) return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) };
  // Stryker disable next-line StringLiteral: any text that does not start with a digit reads the same as ''.
  const major = /^(\d+)/.exec(v.major ?? '');
  // Stryker disable next-line StringLiteral: any text that does not start with a digit reads the same as ''.
  const minor = /^(\d+)/.exec(v.minor ?? '');
  if (major && minor) return { major: Number(major[1]), minor: Number(minor[1]) };
  return undefined;
}

export function formatCpu(cores: number | undefined): string {
  if (cores === undefined) return '?';
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

export function formatMemory(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  const gib = bytes / 1024 ** 3;
  return `${gib >= 10 ? gib.toFixed(0) : gib.toFixed(1)} GiB`;
}
