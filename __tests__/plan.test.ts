import {
  aksKubeReservedMib,
  aksLegacyKubeReservedMib,
  memoryReservation,
} from '../cli/plan/aks-reservation';
import { PlanInput, PlanInputError, computePlan, guideWorkedExample } from '../cli/plan/plan';
import { runPlanCommand } from '../cli/plan-command';
import { planToJson, renderPlanMarkdown } from '../cli/plan/render';
import {
  VM_FAMILIES,
  VM_SERIES,
  VM_SIZES,
  closeVmSizeMatches,
  isBurstableVmSize,
  lookupVmSize,
  vmSizeKey,
} from '../cli/plan/vm-sizes';

const base: PlanInput = {
  developers: 20,
  envsPerDeveloper: 3,
  envVcpu: 4,
  envMemoryGib: 16,
  vm: 'Standard_D64s_v3',
  strategy: 'many-per-node',
};

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runPlanCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

function inputError(fn: () => unknown): PlanInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlanInputError) return e;
    throw e;
  }
  throw new Error('expected a PlanInputError');
}

describe('guide worked example', () => {
  const e = guideWorkedExample();

  it('reproduces the stated demand: 60 environments, 240 vCPU, 960 GB', () => {
    expect(e.scenario.peakEnvironments).toBe(60);
    expect(e.demand).toEqual({ vcpu: 240, memoryGib: 960 });
  });

  it('reproduces one-per-node on D4s v3: 60 nodes, developer gets 3.8 vCPU and 14–15 GB, overhead 12 vCPU and 60–120 GB', () => {
    expect(e.onePerNode).toEqual({
      vmSize: 'Standard_D4s_v3',
      nodes: 60,
      developerGets: { vcpu: 3.8, memoryGib: { min: 14, max: 15 } },
      overhead: { vcpu: 12, memoryGib: { min: 60, max: 120 } },
    });
  });

  it('reproduces many-per-node overhead for 4–6 nodes: 0.8–1.2 vCPU and 4–12 GB', () => {
    expect(e.manyPerNode.vmSizes).toEqual(['Standard_D64s_v3', 'Standard_D32s_v3']);
    expect(e.manyPerNode.nodes).toEqual({ min: 4, max: 6 });
    expect(e.manyPerNode.overhead).toEqual({ vcpu: { min: 0.8, max: 1.2 }, memoryGib: { min: 4, max: 12 } });
  });

  it('computes the exact node counts and flags the D32s v3 difference', () => {
    const nodes = Object.fromEntries(e.exact.map((x) => [`${x.plan.vm.name}@${x.reserveMemoryGib}`, [x.plan.envsPerNode, x.plan.nodes]]));
    expect(nodes).toEqual({
      'Standard_D4s_v3@1': [1, 60],
      'Standard_D4s_v3@2': [1, 60],
      'Standard_D64s_v3@1': [15, 4],
      'Standard_D64s_v3@2': [15, 4],
      'Standard_D48s_v3@1': [11, 6],
      'Standard_D48s_v3@2': [11, 6],
      'Standard_D32s_v3@1': [7, 9],
      'Standard_D32s_v3@2': [7, 9],
    });
    const failing = e.checks.filter((c) => !c.matches).map((c) => c.figure);
    expect(failing).toEqual(['Many per node (D32s v3): nodes']);
    expect(e.differences.join('\n')).toMatch(/Standard_D32s_v3 cannot reach 4–6 nodes/);
  });
});

describe('computePlan', () => {
  it('packs many environments per node (D64s v3, AKS 1.29+ reserve)', () => {
    const r = computePlan(base);
    expect(r.environments).toBe(60);
    expect(r.allocatablePerNode).toEqual({ vcpu: 63.8, memoryGib: 255.268 });
    expect(r.envsPerNode).toBe(15);
    expect(r.limitedBy).toBe('cpu and memory');
    expect(r.nodes).toBe(4);
    expect(r.capacity).toEqual({ vcpu: 256, memoryGib: 1024 });
    expect(r.overhead).toEqual({ vcpu: 0.8, memoryGib: 2.93 });
    expect(r.utilization).toEqual({ cpu: 0.9375, memory: 0.9375 });
    expect(r.idle).toEqual({ vcpu: 15.2, memoryGib: 61.072 });
    expect(r.warnings).toEqual([]);
  });

  it('names the bounding resource and warns about stranded capacity', () => {
    const r = computePlan({ ...base, vm: 'E16s_v5', envVcpu: 8, envMemoryGib: 16 });
    expect(r.limitedBy).toBe('cpu');
    expect(r.envsPerNode).toBe(1);
    expect(r.warnings.join()).toMatch(/CPU-bound/);
  });

  it('warns about the one-per-node shortfall like the guide', () => {
    const r = computePlan({ ...base, vm: 'D4s v3', strategy: 'one-per-node', reserveMemoryGib: 2 });
    expect(r.nodes).toBe(60);
    expect(r.perEnvironmentAvailable).toEqual({ vcpu: 3.8, memoryGib: 14 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/developer will get only 3\.8 vCPU and 14 GiB/);
    expect(r.warnings[0]).toMatch(/short by 0\.2 vCPU and 2 GiB/);
  });

  it('refuses one-per-node when the environment exceeds the whole node', () => {
    const e = inputError(() => computePlan({ ...base, vm: 'D2s_v3', strategy: 'one-per-node' }));
    expect(e.option).toBe('--vm-size');
    expect(e.message).toMatch(/smaller than one environment/);
  });

  it('refuses many-per-node when not even one environment fits', () => {
    const e = inputError(() => computePlan({ ...base, vm: 'D4s_v3' }));
    expect(e.option).toBe('--vm-size');
    expect(e.message).toMatch(/too small for one environment/);
  });

  it('rounds fractional peaks up and says so', () => {
    const r = computePlan({ ...base, developers: 3, envsPerDeveloper: 2.5 });
    expect(r.environments).toBe(8);
    expect(r.warnings[0]).toMatch(/rounded up to 8/);
  });

  it('accepts custom node figures for sizes not in the table', () => {
    // NCads_H100_v5 is not in the table; the figures are the user's, taken as given.
    const r = computePlan({ ...base, vm: { name: 'Standard_NC40ads_H100_v5', vcpu: 72, memoryGib: 144 } });
    expect(r.vm).toMatchObject({ name: 'Standard_NC40ads_H100_v5', custom: true, family: 'custom' });
    expect(r.envsPerNode).toBe(8);
  });

  it('plans on the new families with their published figures, constrained and fractional ones included', () => {
    expect(computePlan({ ...base, vm: 'Standard_HB120-96rs_v3' }).vm).toEqual({
      name: 'Standard_HB120-96rs_v3', family: 'H', custom: false, vcpu: 96, memoryGib: 448,
    });
    const m = computePlan({ ...base, vm: 'M8ms' });
    expect(m.vm).toMatchObject({ name: 'Standard_M8ms', family: 'M', vcpu: 8, memoryGib: 218.75 });
    expect(m.limitedBy).toBe('cpu');
  });

  it('suggests the families that pack better: E or M when memory-bound, D or F when CPU-bound', () => {
    const memoryBound = computePlan({ ...base, vm: 'Standard_F72s_v2' });
    expect(memoryBound.limitedBy).toBe('memory');
    expect(memoryBound.warnings.join('\n')).toMatch(/more GiB per vCPU \(E or M family\)/);
    const cpuBound = computePlan({ ...base, vm: 'Standard_M64ms' });
    expect(cpuBound.limitedBy).toBe('cpu');
    expect(cpuBound.warnings.join('\n')).toMatch(/fewer GiB per vCPU \(D or F family\)/);
  });

  it.each<[string, Partial<PlanInput>, RegExp]>([
    ['--developers', { developers: 0 }, /--developers: 0; must be a whole number, at least 1/],
    ['--developers', { developers: 1.5 }, /--developers: 1\.5; must be a whole number, at least 1/],
    ['--envs-per-developer', { envsPerDeveloper: 0 }, /--envs-per-developer: 0; must be a number greater than 0/],
    ['--env-vcpu', { envVcpu: -1 }, /--env-vcpu: -1; must be a number of vCPUs greater than 0/],
    ['--env-memory-gib', { envMemoryGib: NaN }, /--env-memory-gib: null; must be a number of GiB greater than 0/],
    ['--strategy', { strategy: 'sideways' as never }, /--strategy: "sideways"; must be one of one-per-node, many-per-node/],
    ['--reservation', { reservation: 'gke' as never }, /--reservation: "gke"; must be one of aks, aks-legacy, guide/],
    ['--reserve-cpu', { reserveCpu: 64 }, /--reserve-cpu: 64; must be a number of vCPUs, at least 0 and less than the node's 64/],
    ['--reserve-memory-gib', { reserveMemoryGib: -1 }, /--reserve-memory-gib: -1; must be a number of GiB, at least 0/],
    ['--max-pods', { maxPods: 0 }, /--max-pods: 0; must be a whole number from 1 to 250/],
    ['--vcpu', { vm: { vcpu: 0, memoryGib: 8 } }, /--vcpu: 0; must be a whole number of vCPUs, at least 1/],
    ['--memory-gib', { vm: { vcpu: 8, memoryGib: 0 } }, /--memory-gib: 0; must be a number of GiB greater than 0/],
    ['--vcpu', { vm: { name: 'D4s_v3', vcpu: 8, memoryGib: 16 } }, /conflicts with --vm-size Standard_D4s_v3/],
  ])('rejects a bad %s', (option, patch, message) => {
    const e = inputError(() => computePlan({ ...base, ...patch }));
    expect(e.option).toBe(option);
    expect(e.message).toMatch(message);
  });
});

describe('VM sizes', () => {
  it.each(['Standard_D4s_v3', 'D4s_v3', 'Standard D4s v3', 'standard_d4S_V3', ' d4sv3 '])('looks up %j', (name) => {
    expect(lookupVmSize(name)).toEqual({ name: 'Standard_D4s_v3', family: 'D', series: 'Dsv3', vcpu: 4, memoryGib: 16 });
  });

  it('knows the documented exceptions', () => {
    expect(lookupVmSize('E64s_v3').memoryGib).toBe(432);
    expect(lookupVmSize('E96as_v5').memoryGib).toBe(672);
    expect(lookupVmSize('E64s_v5').memoryGib).toBe(512);
  });

  it('has unique names and the family ratio outside the exceptions', () => {
    expect(new Set(VM_SIZES.map((s) => s.name)).size).toBe(VM_SIZES.length);
    for (const s of VM_SIZES.filter((x) => x.family === 'D')) expect(s.memoryGib).toBe(s.vcpu * (/^Dl/.test(s.series) ? 2 : 4));
    for (const s of VM_SIZES.filter((x) => x.family === 'E' && x.vcpu <= 48)) expect(s.memoryGib).toBe(s.vcpu * 8);
    for (const s of VM_SIZES.filter((x) => x.family === 'F')) expect(s.memoryGib).toBe(s.vcpu * 2);
    for (const s of VM_SIZES.filter((x) => x.family === 'L')) expect(s.memoryGib).toBe(s.vcpu * 8);
  });

  it.each([
    ['Standard_F72s_v2', 'F', 72, 144],
    ['F16s_v2', 'F', 16, 32],
    ['Standard_F4s', 'F', 4, 8],
    ['Standard_D128s_v6', 'D', 128, 512],
    ['D8ls_v5', 'D', 8, 16],
    ['Standard_E64s_v4', 'E', 64, 504],
    ['Standard_L80s_v3', 'L', 80, 640],
  ])('accepts %s (family %s: %d vCPU / %d GiB as published)', (name, family, vcpu, memoryGib) => {
    expect(lookupVmSize(name)).toMatchObject({ family, vcpu, memoryGib });
  });

  // One or more sizes of every series, with the figures of its Learn page (the source on its VM_SERIES line).
  const PUBLISHED: ReadonlyArray<readonly [string, string, string, number, number]> = [
    ['Standard_A1_v2', 'A', 'Av2', 1, 2],
    ['Standard_A8m_v2', 'A', 'Av2', 8, 64],
    ['Standard_D2_v3', 'D', 'Dv3', 2, 8],
    ['Standard_D64s_v3', 'D', 'Dsv3', 64, 256],
    ['Standard_D48_v4', 'D', 'Dv4', 48, 192],
    ['Standard_D16s_v4', 'D', 'Dsv4', 16, 64],
    ['Standard_D32ds_v4', 'D', 'Ddsv4', 32, 128],
    ['Standard_D96_v5', 'D', 'Dv5', 96, 384],
    ['Standard_D96d_v5', 'D', 'Ddv5', 96, 384],
    ['Standard_D8s_v5', 'D', 'Dsv5', 8, 32],
    ['Standard_D64ds_v5', 'D', 'Ddsv5', 64, 256],
    ['Standard_D96as_v5', 'D', 'Dasv5', 96, 384],
    ['Standard_D4ads_v5', 'D', 'Dadsv5', 4, 16],
    ['Standard_D96ls_v5', 'D', 'Dlsv5', 96, 192],
    ['Standard_D2lds_v5', 'D', 'Dldsv5', 2, 4],
    ['Standard_D192s_v6', 'D', 'Dsv6', 192, 768],
    ['Standard_DC96as_v5', 'DC', 'DCasv5', 96, 384],
    ['Standard_E64_v3', 'E', 'Ev3', 64, 432],
    ['Standard_E64i_v3', 'E', 'Ev3', 64, 432],
    ['Standard_E20s_v3', 'E', 'Esv3', 20, 160],
    ['Standard_E64_v4', 'E', 'Ev4', 64, 504],
    ['Standard_E80is_v4', 'E', 'Esv4', 80, 504],
    ['Standard_E80ids_v4', 'E', 'Edsv4', 80, 504],
    ['Standard_E104i_v5', 'E', 'Ev5', 104, 672],
    ['Standard_E104is_v5', 'E', 'Esv5', 104, 672],
    ['Standard_E96ds_v5', 'E', 'Edsv5', 96, 672],
    ['Standard_E112ias_v5', 'E', 'Easv5', 112, 672],
    ['Standard_EC96as_v5', 'EC', 'ECasv5', 96, 672],
    ['Standard_EC20ads_v5', 'EC', 'ECadsv5', 20, 160],
    ['Standard_F1s', 'F', 'Fs', 1, 2],
    ['Standard_F72s_v2', 'F', 'Fsv2', 72, 144],
    ['Standard_L80s_v3', 'L', 'Lsv3', 80, 640],
    ['Standard_M8ms', 'M', 'M', 8, 218.75],
    ['Standard_M16ms', 'M', 'M', 16, 437.5],
    ['Standard_M32ts', 'M', 'M', 32, 192],
    ['Standard_M64ls', 'M', 'M', 64, 512],
    ['Standard_M64', 'M', 'M', 64, 1024],
    ['Standard_M128m', 'M', 'M', 128, 3892],
    ['Standard_M32ms_v2', 'M', 'Msv2', 32, 875],
    ['Standard_M192ims_v2', 'M', 'Msv2', 192, 4096],
    ['Standard_M64ds_v2', 'M', 'Mdsv2', 64, 1024],
    ['Standard_M192idms_v2', 'M', 'Mdsv2', 192, 4096],
    ['Standard_M208s_v2', 'M', 'Mv2', 208, 2850],
    ['Standard_M416s_8_v2', 'M', 'Mv2', 416, 7600],
    ['Standard_M416ms_v2', 'M', 'Mv2', 416, 11400],
    ['Standard_NC6s_v3', 'N', 'NCv3', 6, 112],
    ['Standard_NC24rs_v3', 'N', 'NCv3', 24, 448],
    ['Standard_NC16as_T4_v3', 'N', 'NCasT4_v3', 16, 110],
    ['Standard_NC64as_T4_v3', 'N', 'NCasT4_v3', 64, 440],
    ['Standard_NC24ads_A100_v4', 'N', 'NC_A100_v4', 24, 220],
    ['Standard_NV6ads_A10_v5', 'N', 'NVadsA10_v5', 6, 55],
    ['Standard_NV36adms_A10_v5', 'N', 'NVadsA10_v5', 36, 880],
    ['Standard_ND96asr_v4', 'N', 'NDasrA100_v4', 96, 900],
    ['Standard_HB120rs_v3', 'H', 'HBv3', 120, 448],
    ['Standard_HB120-96rs_v3', 'H', 'HBv3', 96, 448],
    ['Standard_HB176rs_v4', 'H', 'HBv4', 176, 768],
    ['Standard_HB176-24rs_v4', 'H', 'HBv4', 24, 768],
    ['Standard_HC44rs', 'H', 'HC', 44, 352],
    ['Standard_HC44-16rs', 'H', 'HC', 16, 352],
    ['Standard_HX176rs', 'H', 'HX', 176, 1408],
    ['Standard_HX176-48rs', 'H', 'HX', 48, 1408],
  ];

  it.each(PUBLISHED)('resolves %s to family %s, series %s: %d vCPU / %d GiB as published', (name, family, series, vcpu, memoryGib) => {
    expect(lookupVmSize(name)).toEqual({ name, family, series, vcpu, memoryGib });
  });

  it('checks at least one published size of every series in the table', () => {
    const checked = new Set(PUBLISHED.map(([, , series]) => series));
    expect(VM_SERIES.map((s) => s.series).filter((series) => !checked.has(series))).toEqual([]);
  });

  it('gives every series line a Learn source and every size a family and series consistent with its name', () => {
    for (const line of VM_SERIES) {
      expect(line.source).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\/virtual-machines\/[a-z0-9/#-]+$/);
      expect(line.pattern.split('#')).toHaveLength(2);
    }
    for (const s of VM_SIZES) {
      const letters = /^Standard_([A-Z]+)\d/.exec(s.name)?.[1];
      expect(letters).toBeDefined();
      expect(s.family).toBe(letters === 'DC' || letters === 'EC' ? letters : letters![0]);
      expect(VM_FAMILIES).toContain(s.family);
      expect(s.series.startsWith(letters!)).toBe(true);
      const version = /_v(\d+)$/.exec(s.name)?.[1];
      if (version) expect(s.series).toMatch(new RegExp(`v${version}$`));
      else expect(s.series).not.toMatch(/v\d+$/);
      // The vCPU count in the name (after the constrained size's full count, as in HB120-96rs_v3) is the figure.
      expect(s.name).toMatch(new RegExp(`^Standard_${letters}(\\d+-)?${s.vcpu}(?!\\d)`));
      expect(s.memoryGib).toBeGreaterThan(0);
      expect(isBurstableVmSize(s.name)).toBe(false);
    }
  });

  it('does not confuse names that differ only in a suffix', () => {
    expect(new Set(VM_SIZES.map((s) => vmSizeKey(s.name))).size).toBe(VM_SIZES.length);
    const figures = (names: string[]) => names.map((n) => { const s = lookupVmSize(n); return [s.name, s.vcpu, s.memoryGib]; });
    expect(figures(['M416s_v2', 'M416s_8_v2', 'M416ms_v2'])).toEqual([
      ['Standard_M416s_v2', 416, 5700], ['Standard_M416s_8_v2', 416, 7600], ['Standard_M416ms_v2', 416, 11400],
    ]);
    expect(figures(['M64', 'M64m', 'M64s', 'M64ms', 'M64ls', 'M64s_v2', 'M64ms_v2'])).toEqual([
      ['Standard_M64', 64, 1024], ['Standard_M64m', 64, 1792], ['Standard_M64s', 64, 1024], ['Standard_M64ms', 64, 1792],
      ['Standard_M64ls', 64, 512], ['Standard_M64s_v2', 64, 1024], ['Standard_M64ms_v2', 64, 1792],
    ]);
    expect(figures(['HB120rs_v3', 'HB120-96rs_v3', 'HB120-16rs_v3'])).toEqual([
      ['Standard_HB120rs_v3', 120, 448], ['Standard_HB120-96rs_v3', 96, 448], ['Standard_HB120-16rs_v3', 16, 448],
    ]);
    expect(figures(['NV36ads_A10_v5', 'NV36adms_A10_v5', 'D8s_v5', 'D8ls_v5', 'E64_v3', 'E64_v4', 'E64_v5'])).toEqual([
      ['Standard_NV36ads_A10_v5', 36, 440], ['Standard_NV36adms_A10_v5', 36, 880], ['Standard_D8s_v5', 8, 32],
      ['Standard_D8ls_v5', 8, 16], ['Standard_E64_v3', 64, 432], ['Standard_E64_v4', 64, 504], ['Standard_E64_v5', 64, 512],
    ]);
  });

  it.each(['Standard_B4ms', 'B2s', 'Standard B8ms', 'Standard_B2ts_v2', 'Standard_B16als_v2', 'B2pls_v2'])('refuses burstable %j with the guide reason', (name) => {
    const e = inputError(() => lookupVmSize(name));
    expect(e.option).toBe('--vm-size');
    expect(e.message).toMatch(/burstable/);
    expect(e.message).toMatch(/CPU credits/);
    expect(e.message).toMatch(/Standard D .*, E .* or F \(compute optimized\)/);
  });

  it('lists close matches for unknown sizes and points at --vcpu/--memory-gib', () => {
    expect(closeVmSizeMatches('D64s_v7')[0]).toMatch(/^Standard_D64s_v[3456]$/);
    const e = inputError(() => lookupVmSize('Standard_D65s_v3'));
    expect(e.message).toMatch(/close matches: Standard_D64s_v3/);
    expect(e.message).toMatch(/--vcpu N --memory-gib N/);
  });

  it('lists close matches for unknown sizes of the new families, and names the families when nothing is close', () => {
    expect(closeVmSizeMatches('Standard_M416ms_v3')).toContain('Standard_M416ms_v2');
    expect(closeVmSizeMatches('HB120-48rs_v3')).toContain('Standard_HB120-64rs_v3');
    expect(closeVmSizeMatches('NC24ads_A100_v5')[0]).toBe('Standard_NC24ads_A100_v4');
    const e = inputError(() => lookupVmSize('Standard_ZZ9000'));
    expect(e.message).toMatch(/see the A, D, DC, E, EC, F, H, L, M, N family sizes/);
    expect(e.message).toMatch(/--vcpu N --memory-gib N/);
  });
});

describe('AKS reservation', () => {
  it('AKS 1.29+: min(20 MiB x max pods + 50 MiB, 25%) + 100 MiB eviction', () => {
    expect(aksKubeReservedMib(8, 30)).toBe(650);
    expect(aksKubeReservedMib(4, 70)).toBe(1024);
    const r = memoryReservation(16);
    expect(r).toMatchObject({ model: 'aks', kubeReservedMib: 650, evictionMib: 100 });
    expect(r.totalGib).toBeCloseTo(750 / 1024, 9);
  });

  it('AKS before 1.29: regressive tiers + 750 MiB eviction', () => {
    expect(aksLegacyKubeReservedMib(4)).toBeCloseTo(1024, 6);
    expect(aksLegacyKubeReservedMib(16)).toBeCloseTo((1 + 0.8 + 0.8) * 1024, 6);
    expect(aksLegacyKubeReservedMib(256)).toBeCloseTo((1 + 0.8 + 0.8 + 6.72 + 2.56) * 1024, 6);
    expect(memoryReservation(16, 'aks-legacy').evictionMib).toBe(750);
  });

  it('guide model uses the conservative 2 GiB', () => {
    expect(memoryReservation(64, 'guide').totalGib).toBe(2);
  });
});

describe('rendering', () => {
  it('JSON has a stable key order and round-trips', () => {
    const r = computePlan(base);
    const json = planToJson(r);
    expect(json).toBe(planToJson(computePlan({ ...base })));
    expect(json.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(json))).toEqual([
      'input', 'environments', 'demand', 'vm', 'reservePerNode', 'allocatablePerNode', 'envsPerNode', 'limitedBy',
      'nodes', 'capacity', 'overhead', 'utilization', 'idle', 'perEnvironmentAvailable', 'warnings',
    ]);
    // Key order does not depend on how the result object was built.
    const shuffled = Object.fromEntries(Object.entries(r).reverse()) as unknown as typeof r;
    expect(planToJson(shuffled)).toBe(json);
  });

  it('Markdown shows the node count and a table', () => {
    const md = renderPlanMarkdown(computePlan(base));
    expect(md).toMatch(/\*\*Nodes needed at peak: 4\*\*/);
    expect(md).toMatch(/\| Overhead \(4 × reserve\) \| 0\.8 \| 2\.93 \|/);
    expect(md).toMatch(/\| Utilization \(demand \/ capacity\) \| 93\.75% \| 93\.75% \|/);
  });
});

describe('plan command', () => {
  const ok = ['--developers', '20', '--envs-per-developer', '3', '--env-vcpu', '4', '--env-memory-gib', '16', '--strategy', 'many-per-node'];

  it('exit 0 with Markdown and with --json', () => {
    const md = run([...ok, '--vm-size', 'Standard D64s v3']);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/Nodes needed at peak: 4/);
    const js = run([...ok, '--vm-size', 'D64s_v3', '--json', '--reservation', 'guide']);
    expect(js.code).toBe(0);
    expect(JSON.parse(js.out)).toMatchObject({ nodes: 4, reservePerNode: { vcpu: 0.2, memoryGib: 2 } });
  });

  it('--example prints the worked example (Markdown and JSON)', () => {
    const md = run(['--example']);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/\| One per node \(D4s v3\): overhead, GB \| 60–120 \| 60–120 \| yes \|/);
    const js = run(['--example', '--json']);
    expect(js.code).toBe(0);
    expect(JSON.parse(js.out).demand).toEqual({ vcpu: 240, memoryGib: 960 });
  });

  it('--help lists every flag and the exit codes', () => {
    const h = run(['--help']);
    expect(h.code).toBe(0);
    for (const flag of ['--developers', '--envs-per-developer', '--env-vcpu', '--env-memory-gib', '--vm-size', '--vcpu', '--memory-gib', '--strategy', '--reserve-cpu', '--reserve-memory-gib', '--reservation', '--max-pods', '--json', '--example', '--help']) {
      expect(h.out).toContain(flag);
    }
    expect(h.out).toMatch(/Exit codes:[\s\S]*0 [\s\S]*1 [\s\S]*2 /);
  });

  it.each<[string[], RegExp]>([
    [['--developers', '0'], /--developers: 0; must be a whole number/],
    [['--developers', 'abc'], /--developers: "abc"; must be a number/],
    [['--strategy', 'sideways'], /--strategy: "sideways"; must be one of/],
    [['--vm-size', 'Standard_B4ms'], /--vm-size: "Standard_B4ms"; is refused: B-family sizes are burstable/],
    [['--vm-size', 'D65s_v3'], /close matches: Standard_D64s_v3/],
    [['--reserve-cpu', '64'], /--reserve-cpu: 64; must be a number of vCPUs, at least 0 and less than the node's 64/],
    [['--max-pods', '300'], /--max-pods: 300; must be a whole number from 1 to 250/],
    [['--vm-size', 'E64s_v3', '--env-memory-gib', '500'], /--vm-size: "Standard_E64s_v3"; is too small for one environment/],
  ])('exit 1 on bad input %j', (patch, message) => {
    const argv = [...ok, '--vm-size', 'D64s_v3'];
    for (let i = 0; i < patch.length; i += 2) {
      const at = argv.indexOf(patch[i]!);
      if (at < 0) argv.push(patch[i]!, patch[i + 1]!);
      else argv[at + 1] = patch[i + 1]!;
    }
    const r = run(argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });

  it.each<[string[], RegExp]>([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--developers'], /argument missing|requires an argument/i],
    [['extra'], /positional/i],
    [['--developers', '3'], /missing --envs-per-developer/],
    [[...ok], /missing --vm-size \(or --vcpu with --memory-gib\)/],
    [[...ok, '--vcpu', '8'], /--vcpu and --memory-gib go together/],
    [[...ok, '--vm-size', 'D4s_v3', '--vcpu', '8', '--memory-gib', '32'], /is in the table/],
    [['--example', '--developers', '3'], /--example takes no plan inputs/],
  ])('exit 2 on usage error %j', (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('custom figures label an unknown size', () => {
    const r = run([...ok, '--vm-size', 'Standard_NC40ads_H100_v5', '--vcpu', '120', '--memory-gib', '448', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).vm).toEqual({ name: 'Standard_NC40ads_H100_v5', family: 'custom', custom: true, vcpu: 120, memoryGib: 448 });
  });
});
