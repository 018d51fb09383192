/**
 * Azure VM sizes the `plan` calculator knows, every non-burstable family a dev-environment node pool is built from:
 * D (general purpose, 4 GiB per vCPU; Dl 2 GiB), E (memory optimized, 8 GiB per vCPU, with the documented
 * exceptions at the top of each series), F (compute optimized, 2 GiB per vCPU) and L (storage optimized, 8 GiB per
 * vCPU). Figures are the vCPU and memory (GiB) Azure publishes per size, from the series pages under
 * https://learn.microsoft.com/azure/virtual-machines/sizes/overview (general-purpose/, memory-optimized/,
 * compute-optimized/, storage-optimized/); only sizes whose figures are certain are listed. Anything else
 * (M, N, H families, newer series) can be planned with custom `--vcpu` / `--memory-gib`.
 *
 * The install guide ("Choose Azure instance types"): avoid burstable instance types such as the
 * B-family; use compute- or memory-optimized types such as Standard D or Standard E family.
 */

/** A bad input to the planner: which option, what was given, and the rule it broke. */
export class PlanInputError extends Error {
  constructor(
    /** The option as the command spells it, e.g. `--developers`. */
    readonly option: string,
    /** The offending value as given (undefined when missing). */
    readonly value: unknown,
    /** The rule, phrased to follow the value: "must be ...". */
    readonly rule: string,
  ) {
    super(`${option}: ${value === undefined ? 'missing' : `${JSON.stringify(value)}`}; ${rule}`);
    this.name = 'PlanInputError';
  }
}

export type VmFamily = 'D' | 'E' | 'F' | 'L';

export interface VmSize {
  /** Canonical Azure name, e.g. `Standard_D4s_v3`. */
  readonly name: string;
  readonly family: VmFamily;
  /** Series name as Azure documents it, e.g. `Dsv3`. */
  readonly series: string;
  readonly vcpu: number;
  readonly memoryGib: number;
}

/** One series: the name pattern (`#` = vCPU count) and its sizes as [vCPU, GiB]. */
interface Series {
  readonly series: string;
  readonly family: VmFamily;
  readonly pattern: string;
  readonly sizes: ReadonlyArray<readonly [number, number]>;
}

const D_V3_V4: ReadonlyArray<readonly [number, number]> = [
  [2, 8], [4, 16], [8, 32], [16, 64], [32, 128], [48, 192], [64, 256],
];
const D_V5: ReadonlyArray<readonly [number, number]> = [...D_V3_V4, [96, 384]];
const E_V3: ReadonlyArray<readonly [number, number]> = [
  [2, 16], [4, 32], [8, 64], [16, 128], [20, 160], [32, 256], [48, 384], [64, 432],
];
const E_V5: ReadonlyArray<readonly [number, number]> = [
  [2, 16], [4, 32], [8, 64], [16, 128], [20, 160], [32, 256], [48, 384], [64, 512], [96, 672],
];

/** Ev4/Esv4/Edsv4: like v3 but E64 has 504 GiB (learn.microsoft.com .../memory-optimized/esv4-series). */
const E_V4: ReadonlyArray<readonly [number, number]> = [
  [2, 16], [4, 32], [8, 64], [16, 128], [20, 160], [32, 256], [48, 384], [64, 504],
];
/** Dsv6 (.../general-purpose/dsv6-series): 4 GiB per vCPU up to 128 vCPU. */
const D_V6: ReadonlyArray<readonly [number, number]> = [...D_V5, [128, 512]];
/** Dlsv5/Dldsv5 (.../general-purpose/dlsv5-series): 2 GiB per vCPU. */
const DL_V5: ReadonlyArray<readonly [number, number]> = [[2, 4], [4, 8], [8, 16], [16, 32], [32, 64], [48, 96], [64, 128], [96, 192]];
/** Fsv2 (.../compute-optimized/fsv2-series): 2 GiB per vCPU, up to F72s_v2. */
const F_V2: ReadonlyArray<readonly [number, number]> = [[2, 4], [4, 8], [8, 16], [16, 32], [32, 64], [48, 96], [64, 128], [72, 144]];
/** Fs (.../compute-optimized/fs-series): 2 GiB per vCPU, F1s to F16s. */
const F_V1: ReadonlyArray<readonly [number, number]> = [[1, 2], [2, 4], [4, 8], [8, 16], [16, 32]];
/** Lsv3 (.../storage-optimized/lsv3-series): 8 GiB per vCPU. */
const L_V3: ReadonlyArray<readonly [number, number]> = [[8, 64], [16, 128], [32, 256], [48, 384], [64, 512], [80, 640]];

const SERIES: readonly Series[] = [
  { series: 'Dv3', family: 'D', pattern: 'D#_v3', sizes: D_V3_V4 },
  { series: 'Dv4', family: 'D', pattern: 'D#_v4', sizes: D_V3_V4 },
  { series: 'Dv5', family: 'D', pattern: 'D#_v5', sizes: D_V5 },
  { series: 'Ddv5', family: 'D', pattern: 'D#d_v5', sizes: D_V5 },
  { series: 'Dsv6', family: 'D', pattern: 'D#s_v6', sizes: D_V6 },
  { series: 'Dlsv5', family: 'D', pattern: 'D#ls_v5', sizes: DL_V5 },
  { series: 'Dldsv5', family: 'D', pattern: 'D#lds_v5', sizes: DL_V5 },
  { series: 'Dsv3', family: 'D', pattern: 'D#s_v3', sizes: D_V3_V4 },
  { series: 'Dsv4', family: 'D', pattern: 'D#s_v4', sizes: D_V3_V4 },
  { series: 'Ddsv4', family: 'D', pattern: 'D#ds_v4', sizes: D_V3_V4 },
  { series: 'Dsv5', family: 'D', pattern: 'D#s_v5', sizes: D_V5 },
  { series: 'Ddsv5', family: 'D', pattern: 'D#ds_v5', sizes: D_V5 },
  { series: 'Dasv5', family: 'D', pattern: 'D#as_v5', sizes: D_V5 },
  { series: 'Dadsv5', family: 'D', pattern: 'D#ads_v5', sizes: D_V5 },
  { series: 'Esv3', family: 'E', pattern: 'E#s_v3', sizes: E_V3 },
  { series: 'Esv5', family: 'E', pattern: 'E#s_v5', sizes: E_V5 },
  { series: 'Edsv5', family: 'E', pattern: 'E#ds_v5', sizes: E_V5 },
  { series: 'Easv5', family: 'E', pattern: 'E#as_v5', sizes: E_V5 },
  { series: 'Ev3', family: 'E', pattern: 'E#_v3', sizes: E_V3 },
  { series: 'Ev4', family: 'E', pattern: 'E#_v4', sizes: E_V4 },
  { series: 'Esv4', family: 'E', pattern: 'E#s_v4', sizes: E_V4 },
  { series: 'Edsv4', family: 'E', pattern: 'E#ds_v4', sizes: E_V4 },
  { series: 'Ev5', family: 'E', pattern: 'E#_v5', sizes: E_V5 },
  { series: 'Fsv2', family: 'F', pattern: 'F#s_v2', sizes: F_V2 },
  { series: 'Fs', family: 'F', pattern: 'F#s', sizes: F_V1 },
  { series: 'Lsv3', family: 'L', pattern: 'L#s_v3', sizes: L_V3 },
];

/** Every known size, in table order (series, then ascending vCPU). */
export const VM_SIZES: readonly VmSize[] = Object.freeze(
  SERIES.flatMap((s) =>
    s.sizes.map(([vcpu, memoryGib]) =>
      Object.freeze({
        name: `Standard_${s.pattern.replace('#', String(vcpu))}`,
        family: s.family,
        series: s.series,
        vcpu,
        memoryGib,
      }),
    ),
  ),
);

/** `Standard_D4s_v3`, `D4s_v3`, `standard d4s v3`, `D4sv3` all give `d4sv3`. */
export function vmSizeKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^standard[\s_-]*/, '')
    .replace(/[^a-z0-9]/g, '');
}

const BY_KEY: ReadonlyMap<string, VmSize> = new Map(VM_SIZES.map((s) => [vmSizeKey(s.name), s]));

/** The guide's reason for refusing burstable sizes. */
export const BURSTABLE_REASON =
  'B-family sizes are burstable: they run at a low baseline and spend CPU credits to go above it, so ' +
  'sustained dev-environment load (builds, indexing) exhausts the credits and the node is throttled. ' +
  'The install guide says to avoid burstable instance types and use compute- or memory-optimized types: ' +
  'Standard D (general purpose), E (memory optimized) or F (compute optimized).';

/** True for B-family (burstable) names such as `Standard_B4ms`, `B2s`, `Standard_B2ts_v2`. */
export function isBurstableVmSize(name: string): boolean {
  return /^b\d/.test(vmSizeKey(name));
}

/** Levenshtein distance, for suggestions. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length]!;
}

/** Up to `limit` known sizes closest to `name` (by edit distance of the normalized names). */
export function closeVmSizeMatches(name: string, limit = 5): string[] {
  const key = vmSizeKey(name);
  if (!key) return [];
  return VM_SIZES.map((s) => ({ s, d: distance(key, vmSizeKey(s.name)) }))
    .filter(({ d }) => d <= Math.max(2, Math.ceil(key.length / 3)))
    .sort((x, y) => x.d - y.d || x.s.vcpu - y.s.vcpu || x.s.name.localeCompare(y.s.name))
    .slice(0, limit)
    .map(({ s }) => s.name);
}

/** The table entry for `name`, or undefined (no refusal logic; see `lookupVmSize`). */
export function findVmSize(name: string): VmSize | undefined {
  return BY_KEY.get(vmSizeKey(name));
}

/**
 * Look a size up by any usual spelling (case-insensitive). Throws `PlanInputError` on `option`
 * for B-family sizes (with the guide's reason) and for unknown sizes (listing close matches and
 * pointing at the custom `--vcpu` / `--memory-gib` options).
 */
export function lookupVmSize(name: string, option = '--vm-size'): VmSize {
  if (!vmSizeKey(name)) throw new PlanInputError(option, name, 'must name an Azure VM size such as Standard_D32s_v3');
  if (isBurstableVmSize(name)) throw new PlanInputError(option, name, `is refused: ${BURSTABLE_REASON}`);
  const found = findVmSize(name);
  if (found) return found;
  const close = closeVmSizeMatches(name);
  const hint = close.length ? `close matches: ${close.join(', ')}` : 'see the D, E, F and L sizes in lib/plan/vm-sizes.ts';
  throw new PlanInputError(option, name, `is not a known size (${hint}); for another size give its figures with --vcpu N --memory-gib N`);
}
