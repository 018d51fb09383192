/**
 * Azure VM sizes the `plan` calculator knows: every non-burstable family AKS node pools are built from, with the
 * vCPU count and memory (GiB) Microsoft publishes for each size.
 *
 * Families: A (Av2, entry level), D (general purpose: 4 GiB per vCPU, Dl 2 GiB), DC (confidential general
 * purpose), E (memory optimized: 8 GiB per vCPU up to 48 vCPU, less per vCPU at the top of each series), EC
 * (confidential memory optimized), F (compute optimized: 2 GiB per vCPU), L (storage optimized: 8 GiB per vCPU),
 * M (large memory; irregular figures such as 218.75 or 11,400 GiB, so every size is listed as published),
 * N (GPU: NC, NV, ND; memory per vCPU differs by series) and H (HPC: HB, HC, HX, including the constrained-vCPU
 * sizes such as `Standard_HB120-96rs_v3`, which keep the full size's memory with fewer vCPUs).
 *
 * Sources: every series line carries the Microsoft Learn page its figures were read from (the size tables of
 * https://learn.microsoft.com/azure/virtual-machines/sizes/overview and, for Ev3/Esv3, Msv2/Mdsv2 and Fs, the
 * older pages that still list them). Figures were taken from those pages' published Markdown
 * (github.com/MicrosoftDocs/azure-compute-docs, and MicrosoftDocs/azure-docs for the three older pages), never
 * from memory. The tables head the memory column "GB" or "GiB" inconsistently; the series' host specifications
 * give it in GiB, which is what Azure allocates, so the figures are GiB here.
 *
 * Left out: sizes not on those pages (newer v6/v7 series other than Dsv6, the other GPU generations), the
 * constrained-vCPU sizes of the D, E and M series (their memory was not on a page read), and the B family
 * (refused, see below). Any of them can be planned with custom `--vcpu` / `--memory-gib`.
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

/**
 * A: Av2; D: general purpose; DC: confidential general purpose; E: memory optimized; EC: confidential memory
 * optimized; F: compute optimized; H: high-performance compute; L: storage optimized; M: large memory; N: GPU.
 */
export type VmFamily = 'A' | 'D' | 'DC' | 'E' | 'EC' | 'F' | 'H' | 'L' | 'M' | 'N';

export interface VmSize {
  /** Canonical Azure name, e.g. `Standard_D4s_v3`. */
  readonly name: string;
  readonly family: VmFamily;
  /** Series name as Azure documents it, e.g. `Dsv3`. */
  readonly series: string;
  readonly vcpu: number;
  readonly memoryGib: number;
}

/**
 * One line of the table: a series' name pattern (`#` = the vCPU count, the rest verbatim), its sizes as
 * [vCPU, GiB] and the Learn page the figures are from. A series whose sizes follow more than one pattern
 * (e.g. `A#_v2` and `A#m_v2`) has one line per pattern.
 */
export interface VmSeries {
  readonly series: string;
  readonly family: VmFamily;
  readonly pattern: string;
  readonly sizes: ReadonlyArray<readonly [number, number]>;
  readonly source: string;
}

const LEARN = 'https://learn.microsoft.com/azure/virtual-machines/';
const GP = `${LEARN}sizes/general-purpose/`;
const MO = `${LEARN}sizes/memory-optimized/`;
const CO = `${LEARN}sizes/compute-optimized/`;
const SO = `${LEARN}sizes/storage-optimized/`;
const GPU = `${LEARN}sizes/gpu-accelerated/`;
const HPC = `${LEARN}sizes/high-performance-compute/`;

type Sizes = ReadonlyArray<readonly [number, number]>;
/** 4 GiB per vCPU, 2 to 64 vCPU (Dv3, Dv4 and their s/ds variants). */
const D_V3_V4: Sizes = [[2, 8], [4, 16], [8, 32], [16, 64], [32, 128], [48, 192], [64, 256]];
/** The same up to 96 vCPU (the v5 series, DCasv5). */
const D_V5: Sizes = [...D_V3_V4, [96, 384]];
/** Dsv6 goes on to 128 and 192 vCPU. */
const D_V6: Sizes = [...D_V5, [128, 512], [192, 768]];
/** Dlsv5/Dldsv5: 2 GiB per vCPU. */
const DL_V5: Sizes = [[2, 4], [4, 8], [8, 16], [16, 32], [32, 64], [48, 96], [64, 128], [96, 192]];
/** Ev3/Esv3: 8 GiB per vCPU, but E64 has 432 GiB. */
const E_V3: Sizes = [[2, 16], [4, 32], [8, 64], [16, 128], [20, 160], [32, 256], [48, 384], [64, 432]];
/** Ev4/Esv4/Edsv4: E64 has 504 GiB. */
const E_V4: Sizes = [[2, 16], [4, 32], [8, 64], [16, 128], [20, 160], [32, 256], [48, 384], [64, 504]];
/** Ev5 and its variants, ECasv5/ECadsv5: E64 has 512 GiB, E96 672 GiB. */
const E_V5: Sizes = [[2, 16], [4, 32], [8, 64], [16, 128], [20, 160], [32, 256], [48, 384], [64, 512], [96, 672]];
/** Fsv2: 2 GiB per vCPU up to F72s_v2. */
const F_V2: Sizes = [[2, 4], [4, 8], [8, 16], [16, 32], [32, 64], [48, 96], [64, 128], [72, 144]];
/** Fs: 2 GiB per vCPU, F1s to F16s. */
const F_V1: Sizes = [[1, 2], [2, 4], [4, 8], [8, 16], [16, 32]];
/** Lsv3: 8 GiB per vCPU, L8s_v3 to L80s_v3. */
const L_V3: Sizes = [[8, 64], [16, 128], [32, 256], [48, 384], [64, 512], [80, 640]];

/** The table. Sizes are listed as published; where a series has irregular sizes each is written out. */
export const VM_SERIES: readonly VmSeries[] = [
  { series: 'Av2', family: 'A', pattern: 'A#_v2', sizes: [[1, 2], [2, 4], [4, 8], [8, 16]], source: `${GP}av2-series` },
  { series: 'Av2', family: 'A', pattern: 'A#m_v2', sizes: [[2, 16], [4, 32], [8, 64]], source: `${GP}av2-series` },
  { series: 'Dv3', family: 'D', pattern: 'D#_v3', sizes: D_V3_V4, source: `${GP}dv3-series` },
  { series: 'Dsv3', family: 'D', pattern: 'D#s_v3', sizes: D_V3_V4, source: `${GP}dsv3-series` },
  { series: 'Dv4', family: 'D', pattern: 'D#_v4', sizes: D_V3_V4, source: `${GP}dv4-series` },
  { series: 'Dsv4', family: 'D', pattern: 'D#s_v4', sizes: D_V3_V4, source: `${GP}dsv4-series` },
  { series: 'Ddsv4', family: 'D', pattern: 'D#ds_v4', sizes: D_V3_V4, source: `${GP}ddsv4-series` },
  { series: 'Dv5', family: 'D', pattern: 'D#_v5', sizes: D_V5, source: `${GP}dv5-series` },
  { series: 'Ddv5', family: 'D', pattern: 'D#d_v5', sizes: D_V5, source: `${GP}ddv5-series` },
  { series: 'Dsv5', family: 'D', pattern: 'D#s_v5', sizes: D_V5, source: `${GP}dsv5-series` },
  { series: 'Ddsv5', family: 'D', pattern: 'D#ds_v5', sizes: D_V5, source: `${GP}ddsv5-series` },
  { series: 'Dasv5', family: 'D', pattern: 'D#as_v5', sizes: D_V5, source: `${GP}dasv5-series` },
  { series: 'Dadsv5', family: 'D', pattern: 'D#ads_v5', sizes: D_V5, source: `${GP}dadsv5-series` },
  { series: 'Dlsv5', family: 'D', pattern: 'D#ls_v5', sizes: DL_V5, source: `${GP}dlsv5-series` },
  { series: 'Dldsv5', family: 'D', pattern: 'D#lds_v5', sizes: DL_V5, source: `${GP}dldsv5-series` },
  { series: 'Dsv6', family: 'D', pattern: 'D#s_v6', sizes: D_V6, source: `${GP}dsv6-series` },
  { series: 'DCasv5', family: 'DC', pattern: 'DC#as_v5', sizes: D_V5, source: `${GP}dcasv5-series` },
  { series: 'Ev3', family: 'E', pattern: 'E#_v3', sizes: E_V3, source: `${LEARN}ev3-esv3-series` },
  { series: 'Ev3', family: 'E', pattern: 'E#i_v3', sizes: [[64, 432]], source: `${LEARN}ev3-esv3-series` },
  { series: 'Esv3', family: 'E', pattern: 'E#s_v3', sizes: E_V3, source: `${LEARN}ev3-esv3-series` },
  { series: 'Esv3', family: 'E', pattern: 'E#is_v3', sizes: [[64, 432]], source: `${LEARN}ev3-esv3-series` },
  { series: 'Ev4', family: 'E', pattern: 'E#_v4', sizes: E_V4, source: `${MO}ev4-series` },
  { series: 'Esv4', family: 'E', pattern: 'E#s_v4', sizes: E_V4, source: `${MO}esv4-series` },
  { series: 'Esv4', family: 'E', pattern: 'E#is_v4', sizes: [[80, 504]], source: `${MO}esv4-series` },
  { series: 'Edsv4', family: 'E', pattern: 'E#ds_v4', sizes: E_V4, source: `${MO}edsv4-series` },
  { series: 'Edsv4', family: 'E', pattern: 'E#ids_v4', sizes: [[80, 504]], source: `${MO}edsv4-series` },
  { series: 'Ev5', family: 'E', pattern: 'E#_v5', sizes: E_V5, source: `${MO}ev5-series` },
  { series: 'Ev5', family: 'E', pattern: 'E#i_v5', sizes: [[104, 672]], source: `${MO}ev5-series` },
  { series: 'Esv5', family: 'E', pattern: 'E#s_v5', sizes: E_V5, source: `${MO}esv5-series` },
  { series: 'Esv5', family: 'E', pattern: 'E#is_v5', sizes: [[104, 672]], source: `${MO}esv5-series` },
  { series: 'Edsv5', family: 'E', pattern: 'E#ds_v5', sizes: E_V5, source: `${MO}edsv5-series` },
  { series: 'Edsv5', family: 'E', pattern: 'E#ids_v5', sizes: [[104, 672]], source: `${MO}edsv5-series` },
  { series: 'Easv5', family: 'E', pattern: 'E#as_v5', sizes: E_V5, source: `${MO}easv5-series` },
  { series: 'Easv5', family: 'E', pattern: 'E#ias_v5', sizes: [[112, 672]], source: `${MO}easv5-series` },
  { series: 'ECasv5', family: 'EC', pattern: 'EC#as_v5', sizes: E_V5, source: `${MO}ecasv5-ecadsv5-series` },
  { series: 'ECadsv5', family: 'EC', pattern: 'EC#ads_v5', sizes: E_V5, source: `${MO}ecasv5-ecadsv5-series` },
  { series: 'Fs', family: 'F', pattern: 'F#s', sizes: F_V1, source: `${LEARN}sizes-previous-gen#fs-series` },
  { series: 'Fsv2', family: 'F', pattern: 'F#s_v2', sizes: F_V2, source: `${CO}fsv2-series` },
  { series: 'Lsv3', family: 'L', pattern: 'L#s_v3', sizes: L_V3, source: `${SO}lsv3-series` },
  { series: 'M', family: 'M', pattern: 'M#ms', sizes: [[8, 218.75], [16, 437.5], [32, 875], [64, 1792], [128, 3892]], source: `${MO}m-series` },
  { series: 'M', family: 'M', pattern: 'M#ts', sizes: [[32, 192]], source: `${MO}m-series` },
  { series: 'M', family: 'M', pattern: 'M#ls', sizes: [[32, 256], [64, 512]], source: `${MO}m-series` },
  { series: 'M', family: 'M', pattern: 'M#s', sizes: [[64, 1024], [128, 2048]], source: `${MO}m-series` },
  { series: 'M', family: 'M', pattern: 'M#', sizes: [[64, 1024], [128, 2048]], source: `${MO}m-series` },
  { series: 'M', family: 'M', pattern: 'M#m', sizes: [[64, 1792], [128, 3892]], source: `${MO}m-series` },
  { series: 'Msv2', family: 'M', pattern: 'M#s_v2', sizes: [[64, 1024], [128, 2048]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Msv2', family: 'M', pattern: 'M#ms_v2', sizes: [[32, 875], [64, 1792], [128, 3892]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Msv2', family: 'M', pattern: 'M#is_v2', sizes: [[192, 2048]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Msv2', family: 'M', pattern: 'M#ims_v2', sizes: [[192, 4096]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Mdsv2', family: 'M', pattern: 'M#ds_v2', sizes: [[64, 1024], [128, 2048]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Mdsv2', family: 'M', pattern: 'M#dms_v2', sizes: [[32, 875], [64, 1792], [128, 3892]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Mdsv2', family: 'M', pattern: 'M#ids_v2', sizes: [[192, 2048]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Mdsv2', family: 'M', pattern: 'M#idms_v2', sizes: [[192, 4096]], source: `${LEARN}msv2-mdsv2-series` },
  { series: 'Mv2', family: 'M', pattern: 'M#s_v2', sizes: [[208, 2850], [416, 5700]], source: `${MO}mv2-series` },
  { series: 'Mv2', family: 'M', pattern: 'M#ms_v2', sizes: [[208, 5700], [416, 11400]], source: `${MO}mv2-series` },
  { series: 'Mv2', family: 'M', pattern: 'M#s_8_v2', sizes: [[416, 7600]], source: `${MO}mv2-series` },
  { series: 'NCv3', family: 'N', pattern: 'NC#s_v3', sizes: [[6, 112], [12, 224], [24, 448]], source: `${GPU}ncv3-series` },
  { series: 'NCv3', family: 'N', pattern: 'NC#rs_v3', sizes: [[24, 448]], source: `${GPU}ncv3-series` },
  { series: 'NCasT4_v3', family: 'N', pattern: 'NC#as_T4_v3', sizes: [[4, 28], [8, 56], [16, 110], [64, 440]], source: `${GPU}ncast4v3-series` },
  { series: 'NC_A100_v4', family: 'N', pattern: 'NC#ads_A100_v4', sizes: [[24, 220], [48, 440], [96, 880]], source: `${GPU}nca100v4-series` },
  { series: 'NVadsA10_v5', family: 'N', pattern: 'NV#ads_A10_v5', sizes: [[6, 55], [12, 110], [18, 220], [36, 440], [72, 880]], source: `${GPU}nvadsa10v5-series` },
  { series: 'NVadsA10_v5', family: 'N', pattern: 'NV#adms_A10_v5', sizes: [[36, 880]], source: `${GPU}nvadsa10v5-series` },
  { series: 'NDasrA100_v4', family: 'N', pattern: 'ND#asr_v4', sizes: [[96, 900]], source: `${GPU}ndasra100v4-series` },
  { series: 'HBv3', family: 'H', pattern: 'HB#rs_v3', sizes: [[120, 448]], source: `${HPC}hbv3-series` },
  { series: 'HBv3', family: 'H', pattern: 'HB120-#rs_v3', sizes: [[16, 448], [32, 448], [64, 448], [96, 448]], source: `${HPC}hbv3-series` },
  { series: 'HBv4', family: 'H', pattern: 'HB#rs_v4', sizes: [[176, 768]], source: `${HPC}hbv4-series` },
  { series: 'HBv4', family: 'H', pattern: 'HB176-#rs_v4', sizes: [[24, 768], [48, 768], [96, 768], [144, 768]], source: `${HPC}hbv4-series` },
  { series: 'HC', family: 'H', pattern: 'HC#rs', sizes: [[44, 352]], source: `${HPC}hc-series` },
  { series: 'HC', family: 'H', pattern: 'HC44-#rs', sizes: [[16, 352], [32, 352]], source: `${HPC}hc-series` },
  { series: 'HX', family: 'H', pattern: 'HX#rs', sizes: [[176, 1408]], source: `${HPC}hx-series` },
  { series: 'HX', family: 'H', pattern: 'HX176-#rs', sizes: [[24, 1408], [48, 1408], [96, 1408], [144, 1408]], source: `${HPC}hx-series` },
];

/** The families in the table, in the order `lookupVmSize` names them. */
export const VM_FAMILIES: readonly VmFamily[] = ['A', 'D', 'DC', 'E', 'EC', 'F', 'H', 'L', 'M', 'N'];

/** Every known size, in table order (series, then ascending vCPU). */
export const VM_SIZES: readonly VmSize[] = Object.freeze(
  VM_SERIES.flatMap((s) =>
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

/** Levenshtein distance (insertions, deletions and substitutions each cost 1), for suggestions. */
export function editDistance(a: string, b: string): number {
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
  return VM_SIZES.map((s) => ({ s, d: editDistance(key, vmSizeKey(s.name)) }))
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
  const hint = close.length
    ? `close matches: ${close.join(', ')}`
    : `see the ${VM_FAMILIES.join(', ')} family sizes in cli/plan/vm-sizes.ts`;
  throw new PlanInputError(option, name, `is not a known size (${hint}); for another size give its figures with --vcpu N --memory-gib N`);
}
