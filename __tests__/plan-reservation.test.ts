// The per-node memory reservation of cli/plan/aks-reservation.ts, called directly: each model's formula with
// figures where every operator matters, the 25 % cap and its exact boundary, each regressive tier of the pre-1.29
// model, the rounding of the reported MiB, the exact report text and every refusal.
import {
  AKS_EVICTION_MIB,
  AKS_LEGACY_EVICTION_MIB,
  DEFAULT_MAX_PODS,
  DEFAULT_RESERVATION_MODEL,
  GUIDE_RESERVE_MEMORY_GIB,
  GUIDE_RESERVE_VCPU,
  RESERVATION_MODELS,
  aksKubeReservedMib,
  aksLegacyKubeReservedMib,
  memoryReservation,
} from '../cli/plan/aks-reservation';
import { refusal } from './plan-refusal';


describe('reservation constants', () => {
  it('are the documented figures, the models in the order the messages list them', () => {
    expect(RESERVATION_MODELS).toEqual(['aks', 'aks-legacy', 'guide']);
    expect(DEFAULT_RESERVATION_MODEL).toBe('aks');
    expect(GUIDE_RESERVE_VCPU).toBe(0.2);
    expect(GUIDE_RESERVE_MEMORY_GIB).toEqual({ min: 1, max: 2 });
    expect(DEFAULT_MAX_PODS).toBe(30);
    expect(AKS_EVICTION_MIB).toBe(100);
    expect(AKS_LEGACY_EVICTION_MIB).toBe(750);
  });
});

describe('aksKubeReservedMib (AKS 1.29+): min(20 MiB x max pods + 50 MiB, 25 % of the node)', () => {
  it.each<[number, number, number]>([
    [8, 30, 650], // the Learn page's example
    [64, 1, 70],
    [64, 110, 2250],
    [64, 250, 5050],
  ])('%d GiB, %d pods: %d MiB from the pod count', (gib, pods, mib) => {
    expect(aksKubeReservedMib(gib, pods)).toBe(mib);
  });

  it.each<[number, number, number]>([
    [2, 30, 512],
    [1, 30, 256],
    [16, 250, 4096],
    [0.25, 250, 64],
  ])('%d GiB, %d pods: %d MiB, a quarter of the node', (gib, pods, mib) => {
    expect(aksKubeReservedMib(gib, pods)).toBe(mib);
  });

  it('counts 30 pods when none are given', () => {
    expect(aksKubeReservedMib(8)).toBe(650);
    expect(aksKubeReservedMib(64)).toBe(650);
  });

  it('at the boundary both terms are equal: 2.5390625 GiB is 650 MiB a quarter', () => {
    expect(aksKubeReservedMib(2.5390625, 30)).toBe(650);
    expect(aksKubeReservedMib(2.5390625 + 1 / 1024, 30)).toBe(650);
    expect(aksKubeReservedMib(2.5390625 - 1 / 1024, 30)).toBe(649.75);
  });
});

describe('aksLegacyKubeReservedMib (AKS before 1.29): regressive tiers', () => {
  // GiB of kube-reserved: 25 % of the first 4, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112, 2 % above 128.
  it.each<[number, number]>([
    [1, 0.25],
    [4, 1],
    [6, 1 + 0.4],
    [8, 1 + 0.8],
    [12, 1 + 0.8 + 0.4],
    [16, 1 + 0.8 + 0.8],
    [64, 1 + 0.8 + 0.8 + 48 * 0.06],
    [128, 1 + 0.8 + 0.8 + 6.72],
    [256, 1 + 0.8 + 0.8 + 6.72 + 2.56],
    [1024, 1 + 0.8 + 0.8 + 6.72 + 896 * 0.02],
  ])('%d GiB node: %d GiB kube-reserved', (node, gib) => {
    expect(aksLegacyKubeReservedMib(node)).toBeCloseTo(gib * 1024, 6);
  });
});

describe('memoryReservation', () => {
  it('defaults to the AKS 1.29+ model with 30 pods', () => {
    expect(memoryReservation(16)).toEqual({
      model: 'aks',
      kubeReservedMib: 650,
      evictionMib: 100,
      totalGib: 0.732421875,
      detail: 'AKS 1.29+: kube-reserved 20 MiB x 30 pods + 50 MiB = 650 MiB + eviction 100 MiB',
    });
    expect(memoryReservation(16)).toEqual(memoryReservation(16, 'aks', 30));
  });

  it('aks: names the pod count it was given', () => {
    expect(memoryReservation(64, 'aks', 110)).toEqual({
      model: 'aks',
      kubeReservedMib: 2250,
      evictionMib: 100,
      totalGib: 2350 / 1024,
      detail: 'AKS 1.29+: kube-reserved 20 MiB x 110 pods + 50 MiB = 2250 MiB + eviction 100 MiB',
    });
  });

  it('aks: says when the 25 % cap applies', () => {
    expect(memoryReservation(2)).toEqual({
      model: 'aks',
      kubeReservedMib: 512,
      evictionMib: 100,
      totalGib: 612 / 1024,
      detail: 'AKS 1.29+: kube-reserved 25% of 2 GiB = 512 MiB (less than 20 MiB x 30 pods + 50 MiB) + eviction 100 MiB',
    });
  });

  it('aks: at the exact boundary the pod formula is named (the cap is only when strictly less)', () => {
    expect(memoryReservation(2.5390625).detail).toBe('AKS 1.29+: kube-reserved 20 MiB x 30 pods + 50 MiB = 650 MiB + eviction 100 MiB');
    expect(memoryReservation(2.5390625 - 1 / 1024).detail).toBe(
      'AKS 1.29+: kube-reserved 25% of 2.5380859375 GiB = 649.75 MiB (less than 20 MiB x 30 pods + 50 MiB) + eviction 100 MiB',
    );
  });

  it('aks: reports the MiB rounded to 3 decimals but totals the unrounded figure', () => {
    const r = memoryReservation(1.0001);
    expect(r.kubeReservedMib).toBe(256.026);
    expect(r.totalGib).toBeCloseTo((0.25 * 1.0001 * 1024 + 100) / 1024, 12);
    expect(r.totalGib).not.toBe((256.026 + 100) / 1024);
    expect(r.detail).toBe('AKS 1.29+: kube-reserved 25% of 1.0001 GiB = 256.026 MiB (less than 20 MiB x 30 pods + 50 MiB) + eviction 100 MiB');
  });

  it('aks-legacy: the regressive figure plus 750 MiB', () => {
    const r = memoryReservation(16, 'aks-legacy');
    expect(r).toEqual({
      model: 'aks-legacy',
      kubeReservedMib: 2662.4,
      evictionMib: 750,
      totalGib: r.totalGib,
      detail: 'AKS <1.29: regressive kube-reserved 2662.4 MiB + eviction 750 MiB',
    });
    expect(r.totalGib).toBeCloseTo((2.6 * 1024 + 750) / 1024, 12);
    // The pod count does not enter the pre-1.29 model.
    expect(memoryReservation(16, 'aks-legacy', 250)).toEqual(r);
    const big = memoryReservation(256, 'aks-legacy');
    expect(big.kubeReservedMib).toBe(12165.12);
    expect(big.detail).toBe('AKS <1.29: regressive kube-reserved 12165.12 MiB + eviction 750 MiB');
    // Rounded to 3 decimals in the report: 5.0001 GiB is (1 + 0.20002) x 1024 = 1228.82048 MiB.
    expect(memoryReservation(5.0001, 'aks-legacy').kubeReservedMib).toBe(1228.82);
  });

  it('guide: the conservative 2 GiB, whatever the node', () => {
    const expected = { model: 'guide', kubeReservedMib: 2048, evictionMib: 0, totalGib: 2, detail: 'install guide: 1-2 GB per node, upper end 2 GiB used' };
    expect(memoryReservation(64, 'guide')).toEqual(expected);
    expect(memoryReservation(4, 'guide', 250)).toEqual(expected);
  });

  it.each<[number, string]>([
    [0, '--memory-gib: 0; must be a number greater than 0'],
    [-8, '--memory-gib: -8; must be a number greater than 0'],
    [NaN, '--memory-gib: null; must be a number greater than 0'],
    [Infinity, '--memory-gib: null; must be a number greater than 0'],
  ])('refuses a node of %d GiB', (gib, message) => {
    expect(refusal(() => memoryReservation(gib))).toEqual({ option: '--memory-gib', value: gib, message });
  });

  it('accepts 1 to 250 pods and refuses anything else, for every model', () => {
    expect(memoryReservation(64, 'aks', 1).kubeReservedMib).toBe(70);
    expect(memoryReservation(64, 'aks', 250).kubeReservedMib).toBe(5050);
    for (const pods of [0, 251, 1.5, NaN]) {
      for (const model of RESERVATION_MODELS) {
        expect(refusal(() => memoryReservation(64, model, pods))).toEqual({
          option: '--max-pods',
          value: pods,
          message: `--max-pods: ${JSON.stringify(pods)}; must be a whole number from 1 to 250 (the AKS limit)`,
        });
      }
    }
  });

  it('checks the node memory before the pod count', () => {
    expect(refusal(() => memoryReservation(0, 'aks', 0)).option).toBe('--memory-gib');
  });

  it('refuses an unknown model, naming the known ones', () => {
    expect(refusal(() => memoryReservation(8, 'gke' as never))).toEqual({
      option: '--reservation',
      value: 'gke',
      message: '--reservation: "gke"; must be one of aks, aks-legacy, guide',
    });
  });
});
