/**
 * Per-node reservation: the part of each node Kubernetes keeps for itself (kubelet, container
 * runtime, OS) and that dev environments therefore cannot use.
 *
 * Memory models (source: Microsoft Learn, "Node resource reservations in Azure Kubernetes Service
 * (AKS)", https://learn.microsoft.com/azure/aks/node-resource-reservations):
 *
 * - `aks` (AKS 1.29 and later; the default, since the install guide requires AKS 1.29+):
 *   kube-reserved = min(20 MB x max pods + 50 MB, 25% of node memory), plus the kubelet eviction
 *   threshold `memory.available<100Mi`. The max pods default here is 30 (Azure CNI's default);
 *   kubenet defaults to 110 and Azure CNI Overlay / Cilium to 250: pass `maxPods` for those.
 *   Example from the page: 8 GB, 30 pods -> 650 MB + 100 MB reserved.
 * - `aks-legacy` (AKS before 1.29): regressive kube-reserved = 25% of the first 4 GB, 20% of the
 *   next 4 GB (up to 8), 10% of the next 8 GB (up to 16), 6% of the next 112 GB (up to 128), 2% of
 *   anything above 128 GB; plus the then-default eviction threshold `memory.available<750Mi`.
 * - `guide`: the install guide's rule of thumb, "approximately 0.2 vCPU and 1-2GB memory per node";
 *   calculations use the conservative end, 2 GiB.
 *
 * The docs write "MB"/"GB"; kubelet reservations are set in Mi, so MB is taken as MiB here and the
 * guide's GB as GiB (Azure's VM memory figures are GiB too).
 *
 * CPU: the guide's 0.2 vCPU per node for every model (AKS's own kube-reserved CPU is a table by
 * core count, 60m for 1 core up to 740m for 64 cores, and is not modelled; override with
 * `--reserve-cpu`).
 */
import { PlanInputError } from './vm-sizes';

export type ReservationModel = 'aks' | 'aks-legacy' | 'guide';
export const RESERVATION_MODELS: readonly ReservationModel[] = ['aks', 'aks-legacy', 'guide'];
export const DEFAULT_RESERVATION_MODEL: ReservationModel = 'aks';

/** The guide's per-node CPU reserve. */
export const GUIDE_RESERVE_VCPU = 0.2;
/** The guide's per-node memory reserve range, GiB ("1-2GB"). */
export const GUIDE_RESERVE_MEMORY_GIB = { min: 1, max: 2 } as const;
/** Azure CNI's default max pods per node. */
export const DEFAULT_MAX_PODS = 30;
export const AKS_EVICTION_MIB = 100;
export const AKS_LEGACY_EVICTION_MIB = 750;

export interface MemoryReservation {
  readonly model: ReservationModel;
  /** kube-reserved memory, MiB. */
  readonly kubeReservedMib: number;
  /** Hard eviction threshold, MiB. */
  readonly evictionMib: number;
  /** kubeReservedMib + evictionMib, in GiB (unrounded). */
  readonly totalGib: number;
  /** How it was computed, for reports. */
  readonly detail: string;
}

/** AKS 1.29+ kube-reserved memory in MiB. */
export function aksKubeReservedMib(nodeMemoryGib: number, maxPods = DEFAULT_MAX_PODS): number {
  return Math.min(20 * maxPods + 50, 0.25 * nodeMemoryGib * 1024);
}

/** AKS before 1.29: regressive kube-reserved memory in MiB. */
export function aksLegacyKubeReservedMib(nodeMemoryGib: number): number {
  const tiers: ReadonlyArray<readonly [number, number]> = [
    [4, 0.25],
    [4, 0.2],
    [8, 0.1],
    [112, 0.06],
    [Infinity, 0.02],
  ];
  let left = nodeMemoryGib;
  let gib = 0;
  for (const [size, rate] of tiers) {
    const slice = Math.min(left, size);
    gib += slice * rate;
    left -= slice;
  }
  return gib * 1024;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** The memory a node of `nodeMemoryGib` keeps back under `model`. */
export function memoryReservation(
  nodeMemoryGib: number,
  model: ReservationModel = DEFAULT_RESERVATION_MODEL,
  maxPods = DEFAULT_MAX_PODS,
): MemoryReservation {
  if (!(Number.isFinite(nodeMemoryGib) && nodeMemoryGib > 0)) {
    throw new PlanInputError('--memory-gib', nodeMemoryGib, 'must be a number greater than 0');
  }
  if (!(Number.isInteger(maxPods) && maxPods >= 1 && maxPods <= 250)) {
    throw new PlanInputError('--max-pods', maxPods, 'must be a whole number from 1 to 250 (the AKS limit)');
  }
  switch (model) {
    case 'aks': {
      const kube = aksKubeReservedMib(nodeMemoryGib, maxPods);
      const capped = kube < 20 * maxPods + 50;
      return {
        model,
        kubeReservedMib: round3(kube),
        evictionMib: AKS_EVICTION_MIB,
        totalGib: (kube + AKS_EVICTION_MIB) / 1024,
        detail: capped
          ? `AKS 1.29+: kube-reserved 25% of ${nodeMemoryGib} GiB = ${round3(kube)} MiB (less than 20 MiB x ${maxPods} pods + 50 MiB) + eviction ${AKS_EVICTION_MIB} MiB`
          : `AKS 1.29+: kube-reserved 20 MiB x ${maxPods} pods + 50 MiB = ${round3(kube)} MiB + eviction ${AKS_EVICTION_MIB} MiB`,
      };
    }
    case 'aks-legacy': {
      const kube = aksLegacyKubeReservedMib(nodeMemoryGib);
      return {
        model,
        kubeReservedMib: round3(kube),
        evictionMib: AKS_LEGACY_EVICTION_MIB,
        totalGib: (kube + AKS_LEGACY_EVICTION_MIB) / 1024,
        detail: `AKS <1.29: regressive kube-reserved ${round3(kube)} MiB + eviction ${AKS_LEGACY_EVICTION_MIB} MiB`,
      };
    }
    case 'guide':
      return {
        model,
        kubeReservedMib: GUIDE_RESERVE_MEMORY_GIB.max * 1024,
        evictionMib: 0,
        totalGib: GUIDE_RESERVE_MEMORY_GIB.max,
        detail: `install guide: 1-2 GB per node, upper end ${GUIDE_RESERVE_MEMORY_GIB.max} GiB used`,
      };
    default: {
      const never: never = model;
      throw new PlanInputError('--reservation', never, `must be one of ${RESERVATION_MODELS.join(', ')}`);
    }
  }
}
