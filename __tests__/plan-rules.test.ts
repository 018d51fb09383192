// The planner (cli/plan/plan.ts) and its renderings (cli/plan/render.ts), called directly: every formula with
// figures where each operator and rounding matters, each branch both ways at its exact boundary, every refusal's
// exact text, every warning's exact text and order, and the complete Markdown and JSON of representative plans and of
// the guide's worked example.
import { BURSTABLE_REASON } from '../cli/plan/vm-sizes';
import {
  PlanInput,
  PlanResult,
  STRATEGIES,
  computePlan,
  guideWorkedExample,
  nodeRange,
  nodesWithin,
  rangeText,
  roundCpu,
  roundGib,
} from '../cli/plan/plan';
import {
  guideExampleJsonObject,
  guideExampleToJson,
  planJsonObject,
  planToJson,
  renderGuideExampleMarkdown,
  renderPlanMarkdown,
} from '../cli/plan/render';
import { refusal } from './plan-refusal';


/** The guide's scenario: 20 developers x 3 environments of 4 vCPU / 16 GiB on D64s v3, packed. */
const base: PlanInput = { developers: 20, envsPerDeveloper: 3, envVcpu: 4, envMemoryGib: 16, vm: 'Standard_D64s_v3', strategy: 'many-per-node' };
/** A node without reserve, so that the figures below are the node's own. */
const bare = (vcpu: number, memoryGib: number): Partial<PlanInput> => ({ vm: { name: 'Node', vcpu, memoryGib }, reserveCpu: 0, reserveMemoryGib: 0 });
const AKS_30_PODS = 'AKS 1.29+: kube-reserved 20 MiB x 30 pods + 50 MiB = 650 MiB + eviction 100 MiB';

describe('rounding', () => {
  it('rounds vCPU and GiB to 3 decimals, half up', () => {
    expect(roundCpu(1.2345)).toBe(1.235);
    expect(roundCpu(0.1 + 0.2)).toBe(0.3);
    expect(roundCpu(63.8)).toBe(63.8);
    expect(roundGib(255.267578125)).toBe(255.268);
    expect(roundGib(2.0004)).toBe(2);
    expect(roundGib(-0.0004)).toBe(-0);
  });

  it('knows the two strategies, in the order the messages list them', () => {
    expect(STRATEGIES).toEqual(['one-per-node', 'many-per-node']);
  });
});

describe('computePlan: many environments per node', () => {
  /** The guide scenario's input and peak: 60 environments, 240 vCPU / 960 GiB. */
  const GUIDE_PEAK = {
    input: { developers: 20, envsPerDeveloper: 3, environment: { vcpu: 4, memoryGib: 16 }, strategy: 'many-per-node' },
    environments: 60,
    demand: { vcpu: 240, memoryGib: 960 },
  };

  it('the guide scenario on D64s v3 with the AKS 1.29+ reserve, every figure', () => {
    expect(computePlan(base)).toEqual({
      ...GUIDE_PEAK,
      vm: { name: 'Standard_D64s_v3', family: 'D', custom: false, vcpu: 64, memoryGib: 256 },
      reservePerNode: { vcpu: 0.2, memoryGib: 0.732, memorySource: AKS_30_PODS },
      // 256 GiB - 750 MiB = 255.267578125 GiB
      allocatablePerNode: { vcpu: 63.8, memoryGib: 255.268 },
      envsPerNode: 15,
      limitedBy: 'cpu and memory',
      // exactly 60 / 15: no extra node
      nodes: 4,
      capacity: { vcpu: 256, memoryGib: 1024 },
      // 4 x 750 MiB = 2.9296875 GiB
      overhead: { vcpu: 0.8, memoryGib: 2.93 },
      utilization: { cpu: 0.9375, memory: 0.9375 },
      idle: { vcpu: 15.2, memoryGib: 61.072 },
      perEnvironmentAvailable: { vcpu: 4, memoryGib: 16 },
      warnings: [],
    });
  });

  it('memory-bound on F72s v2: 8 per node, the stranded vCPU and the families that pack better', () => {
    expect(computePlan({ ...base, vm: 'F72s_v2' })).toEqual({
      ...GUIDE_PEAK,
      vm: { name: 'Standard_F72s_v2', family: 'F', custom: false, vcpu: 72, memoryGib: 144 },
      reservePerNode: { vcpu: 0.2, memoryGib: 0.732, memorySource: AKS_30_PODS },
      allocatablePerNode: { vcpu: 71.8, memoryGib: 143.268 },
      envsPerNode: 8,
      limitedBy: 'memory',
      nodes: 8,
      capacity: { vcpu: 576, memoryGib: 1152 },
      overhead: { vcpu: 1.6, memoryGib: 5.859 },
      utilization: { cpu: 0.4167, memory: 0.8333 },
      idle: { vcpu: 334.4, memoryGib: 186.144 },
      perEnvironmentAvailable: { vcpu: 4, memoryGib: 16 },
      warnings: ['Memory-bound: each full node leaves 39.8 vCPU unused; a size with more GiB per vCPU (E or M family) would pack better.'],
    });
  });

  it('fractional figures: every result rounded to 3 decimals, utilization to 4', () => {
    const r = computePlan({
      developers: 7,
      envsPerDeveloper: 1,
      envVcpu: 1.1111,
      envMemoryGib: 2.2222,
      vm: { name: 'Lab node', vcpu: 3, memoryGib: 7 },
      strategy: 'many-per-node',
      reserveCpu: 0.15,
      reserveMemoryGib: 0.5,
    });
    expect(r).toEqual({
      input: { developers: 7, envsPerDeveloper: 1, environment: { vcpu: 1.1111, memoryGib: 2.2222 }, strategy: 'many-per-node' },
      environments: 7,
      demand: { vcpu: 7.778, memoryGib: 15.555 },
      vm: { name: 'Lab node', family: 'custom', custom: true, vcpu: 3, memoryGib: 7 },
      reservePerNode: { vcpu: 0.15, memoryGib: 0.5, memorySource: 'given with --reserve-memory-gib' },
      allocatablePerNode: { vcpu: 2.85, memoryGib: 6.5 },
      envsPerNode: 2,
      limitedBy: 'cpu and memory',
      // 7 / 2 = 3.5: rounded up
      nodes: 4,
      capacity: { vcpu: 12, memoryGib: 28 },
      overhead: { vcpu: 0.6, memoryGib: 2 },
      utilization: { cpu: 0.6482, memory: 0.5555 },
      idle: { vcpu: 3.622, memoryGib: 10.445 },
      perEnvironmentAvailable: { vcpu: 1.111, memoryGib: 2.222 },
      warnings: [],
    });
  });

  it('names what runs out first: cpu, memory, or both', () => {
    const limit = (vcpu: number, memoryGib: number, envVcpu: number, envMemoryGib: number): [number, string] => {
      const r = computePlan({ ...base, ...bare(vcpu, memoryGib), envVcpu, envMemoryGib });
      return [r.envsPerNode, r.limitedBy];
    };
    expect(limit(8, 32, 2, 8)).toEqual([4, 'cpu and memory']);
    expect(limit(8, 32, 3, 8)).toEqual([2, 'cpu']);
    expect(limit(8, 32, 2, 9)).toEqual([3, 'memory']);
    // 5.5 by vCPU and 5.9 by memory: both floor to 5
    expect(limit(11, 59, 2, 10)).toEqual([5, 'cpu and memory']);
  });

  it('fits exactly one environment when the node is exactly its size', () => {
    const r = computePlan({ ...base, ...bare(4, 16) });
    expect([r.envsPerNode, r.limitedBy, r.nodes, r.idle]).toEqual([1, 'cpu and memory', 60, { vcpu: 0, memoryGib: 0 }]);
  });

  it('does not lose an environment to floating point: 0.3 vCPU holds 3 of 0.1', () => {
    // 1 - 0.7 is 0.30000000000000004, rounded to 0.3; 0.3 / 0.1 is 2.9999999999999996.
    const r = computePlan({ ...base, developers: 6, envsPerDeveloper: 1, envVcpu: 0.1, envMemoryGib: 1, vm: { vcpu: 1, memoryGib: 64 }, reserveCpu: 0.7, reserveMemoryGib: 0 });
    expect([r.allocatablePerNode.vcpu, r.envsPerNode, r.limitedBy, r.nodes]).toEqual([0.3, 3, 'cpu', 2]);
    // The same 2.9999999999999996 against exactly 3 by the other resource: both run out together.
    const cpu = computePlan({ ...base, envVcpu: 0.1, envMemoryGib: 1, vm: { vcpu: 1, memoryGib: 3 }, reserveCpu: 0.7, reserveMemoryGib: 0 });
    expect([cpu.envsPerNode, cpu.limitedBy]).toEqual([3, 'cpu and memory']);
    const mem = computePlan({ ...base, envVcpu: 1, envMemoryGib: 0.1, vm: { vcpu: 3, memoryGib: 1 }, reserveCpu: 0, reserveMemoryGib: 0.7 });
    expect([mem.allocatablePerNode.memoryGib, mem.envsPerNode, mem.limitedBy]).toEqual([0.3, 3, 'cpu and memory']);
  });

  it('warns when memory-bound and more than a quarter of the vCPU is stranded, not at exactly a quarter', () => {
    // 8 vCPU / 12 GiB, 1 vCPU / 2 GiB: 6 per node by memory, 2 of 8 vCPU left = 25 %.
    expect(computePlan({ ...base, ...bare(8, 12), envVcpu: 1, envMemoryGib: 2 }).warnings).toEqual([]);
    // 8 vCPU / 11 GiB: 5 per node, 3 of 8 vCPU left.
    expect(computePlan({ ...base, ...bare(8, 11), envVcpu: 1, envMemoryGib: 2 }).warnings).toEqual([
      'Memory-bound: each full node leaves 3 vCPU unused; a size with more GiB per vCPU (E or M family) would pack better.',
    ]);
  });

  it('warns when CPU-bound and more than a quarter of the memory is stranded, not at exactly a quarter', () => {
    // 6 vCPU / 16 GiB, 1 vCPU / 2 GiB: 6 per node by vCPU, 4 of 16 GiB left = 25 %.
    expect(computePlan({ ...base, ...bare(6, 16), envVcpu: 1, envMemoryGib: 2 }).warnings).toEqual([]);
    // 5 vCPU / 16 GiB: 5 per node, 6 of 16 GiB left.
    expect(computePlan({ ...base, ...bare(5, 16), envVcpu: 1, envMemoryGib: 2 }).warnings).toEqual([
      'CPU-bound: each full node leaves 6 GiB unused; a size with fewer GiB per vCPU (D or F family) would pack better.',
    ]);
    // CPU-bound with both vCPU (3 of 8) and memory (63 of 64 GiB) stranded: only the CPU-bound advice.
    expect(computePlan({ ...base, ...bare(8, 64), envVcpu: 5, envMemoryGib: 1 }).warnings).toEqual([
      'CPU-bound: each full node leaves 63 GiB unused; a size with fewer GiB per vCPU (D or F family) would pack better.',
    ]);
  });

  it('gives no packing advice when vCPU and memory run out together', () => {
    // 7.5 by vCPU and 7.9 by memory: 7 per node, 1.5 of 15 vCPU and 7.8 of 63.2 GiB stranded.
    const r = computePlan({ ...base, ...bare(15, 63.2), envVcpu: 2, envMemoryGib: 8 });
    expect([r.limitedBy, r.warnings]).toEqual(['cpu and memory', []]);
  });

  it('refuses a node that holds no environment after the reserve, naming the option that chose it', () => {
    expect(refusal(() => computePlan({ ...base, vm: 'D4s_v3' }))).toEqual({
      option: '--vm-size',
      value: 'Standard_D4s_v3',
      message:
        '--vm-size: "Standard_D4s_v3"; is too small for one environment (4 vCPU / 16 GiB): a node has 3.8 vCPU / 15.268 GiB ' +
        'allocatable after the reserve; choose a larger size or --strategy one-per-node',
    });
    expect(refusal(() => computePlan({ ...base, vm: { vcpu: 4, memoryGib: 64 } }))).toEqual({
      option: '--vcpu',
      value: 4,
      message:
        '--vcpu: 4; is too small for one environment (4 vCPU / 16 GiB): a node has 3.8 vCPU / 63.268 GiB ' +
        'allocatable after the reserve; choose a larger size or --strategy one-per-node',
    });
    // Memory short by a little: 15.999 GiB allocatable for 16.
    expect(refusal(() => computePlan({ ...base, ...bare(8, 15.999) })).message).toBe(
      '--vcpu: 8; is too small for one environment (4 vCPU / 16 GiB): a node has 8 vCPU / 15.999 GiB allocatable after the reserve; ' +
        'choose a larger size or --strategy one-per-node',
    );
  });

  it('needs a node more for every started node: ceil(environments / per node)', () => {
    expect(computePlan({ ...base, developers: 61, envsPerDeveloper: 1 }).nodes).toBe(5);
    expect(computePlan({ ...base, developers: 1, envsPerDeveloper: 1 }).nodes).toBe(1);
  });
});

describe('computePlan: one environment per node', () => {
  const one: PlanInput = { ...base, vm: 'Standard_D4s_v3', strategy: 'one-per-node' };

  it('the guide scenario on D4s v3 with a 2 GiB reserve: the shortfall, every figure', () => {
    expect(computePlan({ ...one, reserveMemoryGib: 2 })).toEqual({
      input: { developers: 20, envsPerDeveloper: 3, environment: { vcpu: 4, memoryGib: 16 }, strategy: 'one-per-node' },
      environments: 60,
      demand: { vcpu: 240, memoryGib: 960 },
      vm: { name: 'Standard_D4s_v3', family: 'D', custom: false, vcpu: 4, memoryGib: 16 },
      reservePerNode: { vcpu: 0.2, memoryGib: 2, memorySource: 'given with --reserve-memory-gib' },
      allocatablePerNode: { vcpu: 3.8, memoryGib: 14 },
      envsPerNode: 1,
      limitedBy: 'strategy',
      nodes: 60,
      capacity: { vcpu: 240, memoryGib: 960 },
      overhead: { vcpu: 12, memoryGib: 120 },
      utilization: { cpu: 1, memory: 1 },
      // 60 x 3.8 is less than the 240 asked for: idle stops at 0
      idle: { vcpu: 0, memoryGib: 0 },
      perEnvironmentAvailable: { vcpu: 3.8, memoryGib: 14 },
      warnings: [
        'Shortfall: each environment asks for 4 vCPU / 16 GiB but a Standard_D4s_v3 node has only 3.8 vCPU / 14 GiB allocatable ' +
          'after the per-node reserve, so a developer will get only 3.8 vCPU and 14 GiB (short by 0.2 vCPU and 2 GiB). ' +
          'Size environments to the allocatable figures, or use a larger VM size.',
      ],
    });
  });

  it.each<[string, Partial<PlanInput>, PlanResult['perEnvironmentAvailable'], string]>([
    [
      'memory only: the vCPU shortfall shows as 0',
      { envVcpu: 3.5 },
      { vcpu: 3.5, memoryGib: 15.268 },
      'Shortfall: each environment asks for 3.5 vCPU / 16 GiB but a Standard_D4s_v3 node has only 3.8 vCPU / 15.268 GiB allocatable ' +
        'after the per-node reserve, so a developer will get only 3.5 vCPU and 15.268 GiB (short by 0 vCPU and 0.732 GiB). ' +
        'Size environments to the allocatable figures, or use a larger VM size.',
    ],
    [
      'vCPU only: the memory shortfall shows as 0',
      { envMemoryGib: 8 },
      { vcpu: 3.8, memoryGib: 8 },
      'Shortfall: each environment asks for 4 vCPU / 8 GiB but a Standard_D4s_v3 node has only 3.8 vCPU / 15.268 GiB allocatable ' +
        'after the per-node reserve, so a developer will get only 3.8 vCPU and 8 GiB (short by 0.2 vCPU and 0 GiB). ' +
        'Size environments to the allocatable figures, or use a larger VM size.',
    ],
  ])('a shortfall of %s', (_case, patch, available, warning) => {
    const r = computePlan({ ...one, ...patch });
    expect([r.perEnvironmentAvailable, r.warnings]).toEqual([available, [warning]]);
  });

  it('idle memory of a node that is short of vCPU: allocatable minus demand, floored at 0 for the vCPU', () => {
    expect(computePlan({ ...one, envMemoryGib: 8 }).idle).toEqual({ vcpu: 0, memoryGib: 436.08 });
  });

  it('no warning when the environment fits and at most a quarter of the node idles', () => {
    const r = computePlan({ ...one, vm: 'D8s_v3', reserveCpu: 0, reserveMemoryGib: 0, envVcpu: 6, envMemoryGib: 24 });
    expect([r.perEnvironmentAvailable, r.warnings, r.idle]).toEqual([{ vcpu: 6, memoryGib: 24 }, [], { vcpu: 120, memoryGib: 480 }]);
  });

  it('warns when more than a quarter of the vCPU or of the memory idles', () => {
    const idle = (envVcpu: number, envMemoryGib: number): readonly string[] =>
      computePlan({ ...one, vm: 'D8s_v3', reserveCpu: 0, reserveMemoryGib: 0, envVcpu, envMemoryGib }).warnings;
    expect(idle(5.9, 24)).toEqual(['One environment per node leaves 2.1 vCPU / 8 GiB of each Standard_D8s_v3 node unused; a smaller size would waste less.']);
    expect(idle(6, 23.9)).toEqual(['One environment per node leaves 2 vCPU / 8.1 GiB of each Standard_D8s_v3 node unused; a smaller size would waste less.']);
  });

  it('takes an environment exactly the node size, and refuses one a little larger in vCPU or in memory', () => {
    expect(computePlan({ ...one, reserveCpu: 0, reserveMemoryGib: 0 }).warnings).toEqual([]);
    expect(refusal(() => computePlan({ ...one, envVcpu: 4.001 }))).toEqual({
      option: '--vm-size',
      value: 'Standard_D4s_v3',
      message:
        '--vm-size: "Standard_D4s_v3"; is smaller than one environment (4.001 vCPU / 16 GiB) even before the reserve ' +
        '(node 4 vCPU / 16 GiB); choose a larger size',
    });
    expect(refusal(() => computePlan({ ...one, envMemoryGib: 16.001 })).message).toBe(
      '--vm-size: "Standard_D4s_v3"; is smaller than one environment (4 vCPU / 16.001 GiB) even before the reserve ' +
        '(node 4 vCPU / 16 GiB); choose a larger size',
    );
  });

  it('takes an environment at most a floating-point tolerance (1e-9) larger than the node as the node size, like an exact fit', () => {
    const fit = (envVcpu: number, envMemoryGib: number) => computePlan({ ...one, reserveCpu: 0, reserveMemoryGib: 0, envVcpu, envMemoryGib });
    expect(4 + 1e-9).toBeGreaterThan(4);
    expect(16 + 1e-9).toBeGreaterThan(16);
    expect([fit(4 + 1e-9, 16).envsPerNode, fit(4 + 1e-9, 16).nodes]).toEqual([1, 60]);
    expect([fit(4, 16 + 1e-9).envsPerNode, fit(4, 16 + 1e-9).nodes]).toEqual([1, 60]);
    expect(refusal(() => fit(4 + 1e-8, 16)).option).toBe('--vm-size');
    expect(refusal(() => fit(4, 16 + 1e-8)).option).toBe('--vm-size');
  });

  it('refuses a custom node smaller than one environment on --vcpu, the option that gave it', () => {
    expect(refusal(() => computePlan({ ...one, vm: { vcpu: 2, memoryGib: 8 } }))).toEqual({
      option: '--vcpu',
      value: 2,
      message: '--vcpu: 2; is smaller than one environment (4 vCPU / 16 GiB) even before the reserve (node 2 vCPU / 8 GiB); choose a larger size',
    });
  });
});

describe('computePlan: peak environments', () => {
  it('rounds a fractional peak up and says so, without floating-point noise', () => {
    const third = computePlan({ ...base, developers: 3, envsPerDeveloper: 0.1 });
    expect([third.environments, third.warnings]).toEqual([1, ['3 developers x 0.1 environments = 0.3, rounded up to 1 environments at peak.']]);
    const half = computePlan({ ...base, developers: 3, envsPerDeveloper: 2.5 });
    expect([half.environments, half.demand]).toEqual([8, { vcpu: 32, memoryGib: 128 }]);
    expect(half.warnings).toEqual(['3 developers x 2.5 environments = 7.5, rounded up to 8 environments at peak.']);
  });

  it('takes a product a floating-point error above a whole number as that number, without a warning', () => {
    // 100 x 1.1 is 110.00000000000001 in floating point.
    expect(100 * 1.1).toBeGreaterThan(110);
    const r = computePlan({ ...base, developers: 100, envsPerDeveloper: 1.1 });
    expect([r.environments, r.warnings]).toEqual([110, []]);
  });

  it('lists the rounding warning before the packing advice', () => {
    expect(computePlan({ ...base, developers: 3, envsPerDeveloper: 2.5, vm: 'F72s_v2' }).warnings).toEqual([
      '3 developers x 2.5 environments = 7.5, rounded up to 8 environments at peak.',
      'Memory-bound: each full node leaves 39.8 vCPU unused; a size with more GiB per vCPU (E or M family) would pack better.',
    ]);
  });
});

describe('computePlan: the reserve', () => {
  it('uses the AKS model with the pods it is given', () => {
    const r = computePlan({ ...base, maxPods: 110 });
    expect(r.reservePerNode).toEqual({ vcpu: 0.2, memoryGib: 2.295, memorySource: 'AKS 1.29+: kube-reserved 20 MiB x 110 pods + 50 MiB = 2250 MiB + eviction 100 MiB' });
    expect(r.allocatablePerNode).toEqual({ vcpu: 63.8, memoryGib: 253.705 });
  });

  it('uses the pre-1.29 and the guide model when asked', () => {
    const legacy = computePlan({ ...base, reservation: 'aks-legacy' });
    expect(legacy.reservePerNode).toEqual({ vcpu: 0.2, memoryGib: 12.612, memorySource: 'AKS <1.29: regressive kube-reserved 12165.12 MiB + eviction 750 MiB' });
    const guide = computePlan({ ...base, reservation: 'guide', maxPods: 250 });
    expect(guide.reservePerNode).toEqual({ vcpu: 0.2, memoryGib: 2, memorySource: 'install guide: 1-2 GB per node, upper end 2 GiB used' });
    expect(guide.allocatablePerNode).toEqual({ vcpu: 63.8, memoryGib: 254 });
  });

  it('takes a reserve of 0 as given, not as the default', () => {
    const r = computePlan({ ...base, reserveCpu: 0, reserveMemoryGib: 0 });
    expect([r.reservePerNode, r.allocatablePerNode, r.overhead]).toEqual([
      { vcpu: 0, memoryGib: 0, memorySource: 'given with --reserve-memory-gib' },
      { vcpu: 64, memoryGib: 256 },
      { vcpu: 0, memoryGib: 0 },
    ]);
  });

  it('a given memory reserve overrides the model', () => {
    expect(computePlan({ ...base, reservation: 'aks-legacy', reserveMemoryGib: 1.5 }).reservePerNode).toEqual({
      vcpu: 0.2, memoryGib: 1.5, memorySource: 'given with --reserve-memory-gib',
    });
  });

  it('accepts a reserve just under the node and refuses one equal to it', () => {
    expect(computePlan({ ...base, strategy: 'one-per-node', vm: 'D4s_v3', reserveCpu: 3.999, reserveMemoryGib: 15.999 }).allocatablePerNode).toEqual({ vcpu: 0.001, memoryGib: 0.001 });
    expect(refusal(() => computePlan({ ...base, reserveCpu: 64 }))).toEqual({
      option: '--reserve-cpu', value: 64, message: "--reserve-cpu: 64; must be a number of vCPUs, at least 0 and less than the node's 64",
    });
    expect(refusal(() => computePlan({ ...base, reserveCpu: -0.1 })).message).toBe("--reserve-cpu: -0.1; must be a number of vCPUs, at least 0 and less than the node's 64");
    expect(refusal(() => computePlan({ ...base, reserveMemoryGib: 256 }))).toEqual({
      option: '--reserve-memory-gib', value: 256, message: "--reserve-memory-gib: 256; must be a number of GiB, at least 0 and less than the node's 256",
    });
    expect(refusal(() => computePlan({ ...base, reserveMemoryGib: -1 })).message).toBe("--reserve-memory-gib: -1; must be a number of GiB, at least 0 and less than the node's 256");
    expect(refusal(() => computePlan({ ...base, reserveMemoryGib: NaN })).option).toBe('--reserve-memory-gib');
  });

  it('checks the pod count only when the model computes the reserve', () => {
    expect(refusal(() => computePlan({ ...base, maxPods: 251 })).option).toBe('--max-pods');
    expect(computePlan({ ...base, maxPods: 251, reserveMemoryGib: 1 }).reservePerNode.memoryGib).toBe(1);
  });
});

describe('computePlan: inputs', () => {
  it.each<[string, Partial<PlanInput>, unknown, string]>([
    ['--developers', { developers: 0 }, 0, 'must be a whole number, at least 1'],
    ['--developers', { developers: 1.5 }, 1.5, 'must be a whole number, at least 1'],
    ['--developers', { developers: '3' as never }, '3', 'must be a whole number, at least 1'],
    ['--developers', { developers: Infinity }, Infinity, 'must be a whole number, at least 1'],
    ['--envs-per-developer', { envsPerDeveloper: 0 }, 0, 'must be a number greater than 0'],
    ['--envs-per-developer', { envsPerDeveloper: -2 }, -2, 'must be a number greater than 0'],
    ['--envs-per-developer', { envsPerDeveloper: Infinity }, Infinity, 'must be a number greater than 0'],
    ['--env-vcpu', { envVcpu: 0 }, 0, 'must be a number of vCPUs greater than 0'],
    ['--env-vcpu', { envVcpu: Infinity }, Infinity, 'must be a number of vCPUs greater than 0'],
    ['--env-memory-gib', { envMemoryGib: 0 }, 0, 'must be a number of GiB greater than 0'],
    ['--env-memory-gib', { envMemoryGib: NaN }, NaN, 'must be a number of GiB greater than 0'],
    ['--strategy', { strategy: 'sideways' as never }, 'sideways', 'must be one of one-per-node, many-per-node'],
    ['--reservation', { reservation: 'gke' as never }, 'gke', 'must be one of aks, aks-legacy, guide'],
    ['--vcpu', { vm: { vcpu: 0, memoryGib: 8 } }, 0, 'must be a whole number of vCPUs, at least 1'],
    ['--vcpu', { vm: { vcpu: 2.5, memoryGib: 8 } }, 2.5, 'must be a whole number of vCPUs, at least 1'],
    ['--memory-gib', { vm: { vcpu: 8, memoryGib: 0 } }, 0, 'must be a number of GiB greater than 0'],
    ['--memory-gib', { vm: { vcpu: 8, memoryGib: Infinity } }, Infinity, 'must be a number of GiB greater than 0'],
    ['--vm-size', { vm: 'Standard_D5s_v3' }, 'Standard_D5s_v3', 'is not a known size (close matches: Standard_D2s_v3, Standard_D4s_v3, Standard_D8s_v3, Standard_D2_v3, Standard_D2s_v4); for another size give its figures with --vcpu N --memory-gib N'],
  ])('refuses a bad %s', (option, patch, value, rule) => {
    const e = refusal(() => computePlan({ ...base, ...patch }));
    expect(e).toEqual({ option, value, message: `${option}: ${value === undefined ? 'missing' : JSON.stringify(value)}; ${rule}` });
  });

  it('takes the smallest values each input allows', () => {
    const r = computePlan({ ...base, developers: 1, envsPerDeveloper: 0.01, envVcpu: 0.001, envMemoryGib: 0.001, vm: { vcpu: 1, memoryGib: 0.01 }, reserveCpu: 0, reserveMemoryGib: 0 });
    expect([r.environments, r.envsPerNode, r.nodes, r.limitedBy]).toEqual([1, 10, 1, 'memory']);
  });

  it('checks the inputs in order: developers, environments, environment size, strategy, reservation, node', () => {
    const all: Partial<PlanInput> = { developers: 0, envsPerDeveloper: 0, envVcpu: 0, envMemoryGib: 0, strategy: 'x' as never, reservation: 'y' as never, vm: 'B2s' };
    const order: string[] = [];
    let input: PlanInput = { ...base, ...all };
    for (const fix of [{ developers: 1 }, { envsPerDeveloper: 1 }, { envVcpu: 1 }, { envMemoryGib: 1 }, { strategy: 'many-per-node' as const }, { reservation: 'aks' as const }, { vm: 'D8s_v3' }]) {
      order.push(refusal(() => computePlan(input)).option);
      input = { ...input, ...fix };
    }
    expect(order).toEqual(['--developers', '--envs-per-developer', '--env-vcpu', '--env-memory-gib', '--strategy', '--reservation', '--vm-size']);
    expect(computePlan(input).nodes).toBe(1);
  });
});

describe('computePlan: custom node figures', () => {
  it('a size without a name is "custom"; a blank name too; a name is trimmed', () => {
    const vm = (v: PlanInput['vm']): PlanResult['vm'] => computePlan({ ...base, vm: v }).vm;
    expect(vm({ vcpu: 72, memoryGib: 144 })).toEqual({ name: 'custom', family: 'custom', custom: true, vcpu: 72, memoryGib: 144 });
    expect(vm({ name: '   ', vcpu: 72, memoryGib: 144 })).toEqual({ name: 'custom', family: 'custom', custom: true, vcpu: 72, memoryGib: 144 });
    expect(vm({ name: ' My NC40 ', vcpu: 72, memoryGib: 144 })).toEqual({ name: 'My NC40', family: 'custom', custom: true, vcpu: 72, memoryGib: 144 });
  });

  it('a table name with its own figures is the table size', () => {
    expect(computePlan({ ...base, vm: { name: 'd64s v3', vcpu: 64, memoryGib: 256 } }).vm).toEqual({
      name: 'Standard_D64s_v3', family: 'D', custom: false, vcpu: 64, memoryGib: 256,
    });
  });

  it('a table name with other figures is refused, whether the vCPU or the memory differs', () => {
    const rule = "conflicts with --vm-size Standard_D64s_v3, which is in the table as 64 vCPU / 256 GiB; --vcpu/--memory-gib are for sizes not in the table";
    expect(refusal(() => computePlan({ ...base, vm: { name: 'D64s_v3', vcpu: 64, memoryGib: 255 } }))).toEqual({ option: '--vcpu', value: 64, message: `--vcpu: 64; ${rule}` });
    expect(refusal(() => computePlan({ ...base, vm: { name: 'D64s_v3', vcpu: 72, memoryGib: 256 } }))).toEqual({ option: '--vcpu', value: 72, message: `--vcpu: 72; ${rule}` });
  });

  it('a burstable name is refused even with figures', () => {
    expect(refusal(() => computePlan({ ...base, vm: { name: 'Standard_B16ms', vcpu: 16, memoryGib: 64 } }))).toEqual({
      option: '--vm-size', value: 'Standard_B16ms', message: `--vm-size: "Standard_B16ms"; is refused: ${BURSTABLE_REASON}`,
    });
  });

  it('checks the figures before the name', () => {
    expect(refusal(() => computePlan({ ...base, vm: { name: 'B2s', vcpu: 0, memoryGib: 0 } })).option).toBe('--vcpu');
    expect(refusal(() => computePlan({ ...base, vm: { name: 'B2s', vcpu: 2, memoryGib: 0 } })).option).toBe('--memory-gib');
  });
});

describe('planToJson / planJsonObject', () => {
  it('the complete JSON of the guide scenario, keys in a fixed order, 2-space indent, final newline', () => {
    expect(planToJson(computePlan({ ...base, developers: 3, envsPerDeveloper: 2.5, vm: 'F72s_v2' }))).toBe(`{
  "input": {
    "developers": 3,
    "envsPerDeveloper": 2.5,
    "environment": {
      "vcpu": 4,
      "memoryGib": 16
    },
    "strategy": "many-per-node"
  },
  "environments": 8,
  "demand": {
    "vcpu": 32,
    "memoryGib": 128
  },
  "vm": {
    "name": "Standard_F72s_v2",
    "family": "F",
    "custom": false,
    "vcpu": 72,
    "memoryGib": 144
  },
  "reservePerNode": {
    "vcpu": 0.2,
    "memoryGib": 0.732,
    "memorySource": "${AKS_30_PODS}"
  },
  "allocatablePerNode": {
    "vcpu": 71.8,
    "memoryGib": 143.268
  },
  "envsPerNode": 8,
  "limitedBy": "memory",
  "nodes": 1,
  "capacity": {
    "vcpu": 72,
    "memoryGib": 144
  },
  "overhead": {
    "vcpu": 0.2,
    "memoryGib": 0.732
  },
  "utilization": {
    "cpu": 0.4444,
    "memory": 0.8889
  },
  "idle": {
    "vcpu": 39.8,
    "memoryGib": 15.268
  },
  "perEnvironmentAvailable": {
    "vcpu": 4,
    "memoryGib": 16
  },
  "warnings": [
    "3 developers x 2.5 environments = 7.5, rounded up to 8 environments at peak.",
    "Memory-bound: each full node leaves 39.8 vCPU unused; a size with more GiB per vCPU (E or M family) would pack better."
  ]
}
`);
  });

  it('copies only the documented fields, whatever else the result carries', () => {
    const r = computePlan(base);
    const extra = { ...r, extra: 1, vm: { ...r.vm, extra: 2 }, input: { ...r.input, extra: 3, environment: { ...r.input.environment, extra: 4 } } } as PlanResult;
    expect(planJsonObject(extra)).toEqual(planJsonObject(r));
    expect(planJsonObject(r).warnings).not.toBe(r.warnings);
  });
});

describe('renderPlanMarkdown', () => {
  it('custom figures, escaped pipes, no warnings', () => {
    const r = computePlan({
      developers: 7,
      envsPerDeveloper: 1,
      envVcpu: 1.1111,
      envMemoryGib: 2.2222,
      vm: { name: 'Lab|node|x', vcpu: 3, memoryGib: 7 },
      strategy: 'many-per-node',
      reserveCpu: 0.15,
      reserveMemoryGib: 0.5,
    });
    expect(renderPlanMarkdown(r)).toBe(`# Dev-environment cluster plan

Method: the CodeCanvas install guide, "Estimate the resources" and "Choose a node allocation strategy".

## Inputs

| Input | Value |
|---|---|
| Developers at peak | 7 |
| Environments per developer at peak | 1 |
| Environment size | 1.1111 vCPU / 2.2222 GiB |
| VM size | Lab\\|node\\|x (3 vCPU / 7 GiB, custom figures) |
| Strategy | many environments per node |
| Reserve per node | 0.15 vCPU / 0.5 GiB (memory: given with --reserve-memory-gib) |

## Result

**Nodes needed at peak: 4** (7 environments, 2 per node, limited by cpu and memory).

| | vCPU | Memory (GiB) |
|---|---:|---:|
| Demand at peak (7 environments) | 7.778 | 15.555 |
| Allocatable per node (size − reserve) | 2.85 | 6.5 |
| Available to one environment | 1.111 | 2.222 |
| Node capacity (4 × 3 vCPU / 7 GiB) | 12 | 28 |
| Overhead (4 × reserve) | 0.6 | 2 |
| Idle allocatable at peak | 3.622 | 10.445 |
| Utilization (demand / capacity) | 64.82% | 55.55% |
`);
  });

  it('a table size, one per node, with its warning', () => {
    const md = renderPlanMarkdown(computePlan({ ...base, vm: 'D4s_v3', strategy: 'one-per-node', reserveMemoryGib: 2 }));
    const [head, warnings] = md.split('\n\n## Warnings\n\n');
    expect(head!.split('\n').filter((l) => /^\| (VM size|Strategy|Reserve|Utilization)|^\*\*/.test(l))).toEqual([
      '| VM size | Standard_D4s_v3 (4 vCPU / 16 GiB, D family) |',
      '| Strategy | one environment per node |',
      '| Reserve per node | 0.2 vCPU / 2 GiB (memory: given with --reserve-memory-gib) |',
      '**Nodes needed at peak: 60** (60 environments, 1 per node, limited by strategy).',
      '| Utilization (demand / capacity) | 100% | 100% |',
    ]);
    expect(warnings).toBe(
      '- Shortfall: each environment asks for 4 vCPU / 16 GiB but a Standard_D4s_v3 node has only 3.8 vCPU / 14 GiB allocatable ' +
        'after the per-node reserve, so a developer will get only 3.8 vCPU and 14 GiB (short by 0.2 vCPU and 2 GiB). ' +
        'Size environments to the allocatable figures, or use a larger VM size.\n',
    );
  });

  it('lists every warning as a bullet, in order', () => {
    const md = renderPlanMarkdown(computePlan({ ...base, developers: 3, envsPerDeveloper: 2.5, vm: 'F72s_v2' }));
    expect(md.endsWith(
      '| Utilization (demand / capacity) | 44.44% | 88.89% |\n\n## Warnings\n\n' +
        '- 3 developers x 2.5 environments = 7.5, rounded up to 8 environments at peak.\n' +
        '- Memory-bound: each full node leaves 39.8 vCPU unused; a size with more GiB per vCPU (E or M family) would pack better.\n',
    )).toBe(true);
  });

  it('escapes pipes in the memory source too', () => {
    const r = computePlan(base);
    const md = renderPlanMarkdown({ ...r, reservePerNode: { ...r.reservePerNode, memorySource: 'a|b|c' } });
    expect(md).toContain('\n| Reserve per node | 0.2 vCPU / 0.732 GiB (memory: a\\|b\\|c) |\n');
  });
});

describe('the worked example\'s range helpers', () => {
  const nodes = (n: number): PlanResult => ({ nodes: n }) as PlanResult;

  it('rangeText: one figure when both ends agree, else "a–b"', () => {
    expect(rangeText(4, 4)).toBe('4');
    expect(rangeText(4, 6)).toBe('4–6');
    expect(rangeText(0.8, 1.2)).toBe('0.8–1.2');
  });

  it('nodeRange: the two node counts, lower first', () => {
    expect(nodeRange(nodes(6), nodes(4))).toBe('4–6');
    expect(nodeRange(nodes(4), nodes(6))).toBe('4–6');
    expect(nodeRange(nodes(9), nodes(9))).toBe('9');
  });

  it('nodesWithin: both counts inside the range, its ends included', () => {
    const r = { min: 4, max: 6 };
    expect(nodesWithin(nodes(4), nodes(6), r)).toBe(true);
    expect(nodesWithin(nodes(6), nodes(6), r)).toBe(true);
    expect(nodesWithin(nodes(5), nodes(7), r)).toBe(false);
    expect(nodesWithin(nodes(3), nodes(5), r)).toBe(false);
    expect(nodesWithin(nodes(7), nodes(5), r)).toBe(false);
  });
});

describe('guideWorkedExample', () => {
  const e = guideWorkedExample();

  it('states the scenario with the guide figures', () => {
    expect(e.scenario).toEqual({
      developers: 20,
      envsPerDeveloper: { min: 2, max: 3 },
      peakEnvironments: 60,
      environment: { vcpu: 4, memoryGib: 16 },
      reservePerNode: { vcpu: 0.2, memoryGib: { min: 1, max: 2 } },
    });
    expect(e.demand).toEqual({ vcpu: 240, memoryGib: 960 });
    expect(e.manyPerNode).toEqual({
      vmSizes: ['Standard_D64s_v3', 'Standard_D32s_v3'],
      nodes: { min: 4, max: 6 },
      overhead: { vcpu: { min: 0.8, max: 1.2 }, memoryGib: { min: 4, max: 12 } },
    });
  });

  it('runs the eight exact plans in order, each with the guide reserve of 0.2 vCPU and 1 or 2 GiB', () => {
    expect(e.exact.map((x) => [x.plan.vm.name, x.plan.input.strategy, x.reserveMemoryGib, x.plan.reservePerNode.memoryGib, x.plan.reservePerNode.vcpu])).toEqual([
      ['Standard_D4s_v3', 'one-per-node', 1, 1, 0.2],
      ['Standard_D4s_v3', 'one-per-node', 2, 2, 0.2],
      ['Standard_D64s_v3', 'many-per-node', 1, 1, 0.2],
      ['Standard_D64s_v3', 'many-per-node', 2, 2, 0.2],
      ['Standard_D48s_v3', 'many-per-node', 1, 1, 0.2],
      ['Standard_D48s_v3', 'many-per-node', 2, 2, 0.2],
      ['Standard_D32s_v3', 'many-per-node', 1, 1, 0.2],
      ['Standard_D32s_v3', 'many-per-node', 2, 2, 0.2],
    ]);
    for (const { plan } of e.exact) expect(plan.input).toEqual({ developers: 20, envsPerDeveloper: 3, environment: { vcpu: 4, memoryGib: 16 }, strategy: plan.input.strategy });
  });

  it('its checks: figure, the guide value, the computed value and whether they agree', () => {
    expect(e.checks).toEqual([
      { figure: 'Peak environments (20 developers x 2–3)', guide: '60', computed: '60', matches: true },
      { figure: 'Total demand, vCPU', guide: '240', computed: '240', matches: true },
      { figure: 'Total demand, GB memory', guide: '960', computed: '960', matches: true },
      { figure: 'One per node (D4s v3): nodes', guide: '60', computed: '60', matches: true },
      { figure: 'One per node (D4s v3): developer gets, vCPU', guide: '3.8', computed: '3.8', matches: true },
      { figure: 'One per node (D4s v3): developer gets, GB', guide: '14–15', computed: '14–15', matches: true },
      { figure: 'One per node (D4s v3): overhead, vCPU', guide: '12', computed: '12', matches: true },
      { figure: 'One per node (D4s v3): overhead, GB', guide: '60–120', computed: '60–120', matches: true },
      { figure: 'Many per node: overhead for 4–6 nodes, vCPU', guide: '0.8–1.2', computed: '0.8–1.2', matches: true },
      { figure: 'Many per node: overhead for 4–6 nodes, GB', guide: '4–12', computed: '4–12', matches: true },
      { figure: 'Many per node (D64s v3): nodes', guide: '4–6', computed: '4', matches: true },
      { figure: 'Many per node (D32s v3): nodes', guide: '4–6', computed: '9', matches: false },
    ]);
  });

  it('computes its figures from the reserve and flags one that differs from the guide\'s (with a 1.5–2 GiB reserve: overhead 6–12 GB, not 4–12)', () => {
    jest.isolateModules(() => {
      jest.doMock('../cli/plan/aks-reservation', () => ({ ...jest.requireActual('../cli/plan/aks-reservation'), GUIDE_RESERVE_MEMORY_GIB: { min: 1.5, max: 2 } }));
      const other = (require('../cli/plan/plan') as typeof import('../cli/plan/plan')).guideWorkedExample();
      expect(other.manyPerNode.overhead.memoryGib).toEqual({ min: 6, max: 12 });
      expect(other.checks.find((c) => c.figure === 'Many per node: overhead for 4–6 nodes, GB')).toEqual({
        figure: 'Many per node: overhead for 4–6 nodes, GB',
        guide: '4–12',
        computed: '6–12',
        matches: false,
      });
      expect(other.checks.find((c) => c.figure === 'One per node (D4s v3): overhead, GB')).toEqual({
        figure: 'One per node (D4s v3): overhead, GB',
        guide: '60–120',
        computed: '90–120',
        matches: false,
      });
    });
    jest.dontMock('../cli/plan/aks-reservation');
  });

  it('the complete Markdown', () => {
    expect(renderGuideExampleMarkdown(e)).toBe(GUIDE_MARKDOWN);
  });

  it('the JSON: scenario, figures, checks, differences and the exact plans, in a fixed key order', () => {
    const json = guideExampleToJson(e);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toBe(`${JSON.stringify(guideExampleJsonObject(e), null, 2)}\n`);
    const o = JSON.parse(json);
    expect(Object.keys(o)).toEqual(['scenario', 'demand', 'onePerNode', 'manyPerNode', 'checks', 'differences', 'exact']);
    expect(JSON.stringify({ scenario: o.scenario, demand: o.demand, onePerNode: o.onePerNode, manyPerNode: o.manyPerNode })).toBe(
      JSON.stringify({
        scenario: { developers: 20, envsPerDeveloper: { min: 2, max: 3 }, peakEnvironments: 60, environment: { vcpu: 4, memoryGib: 16 }, reservePerNode: { vcpu: 0.2, memoryGib: { min: 1, max: 2 } } },
        demand: { vcpu: 240, memoryGib: 960 },
        onePerNode: { vmSize: 'Standard_D4s_v3', nodes: 60, developerGets: { vcpu: 3.8, memoryGib: { min: 14, max: 15 } }, overhead: { vcpu: 12, memoryGib: { min: 60, max: 120 } } },
        manyPerNode: { vmSizes: ['Standard_D64s_v3', 'Standard_D32s_v3'], nodes: { min: 4, max: 6 }, overhead: { vcpu: { min: 0.8, max: 1.2 }, memoryGib: { min: 4, max: 12 } } },
      }),
    );
    expect(o.checks).toEqual(e.checks);
    expect(Object.keys(o.checks[0])).toEqual(['figure', 'guide', 'computed', 'matches']);
    expect(o.differences).toEqual(e.differences);
    expect(o.differences).toHaveLength(4);
    expect(o.exact).toEqual(e.exact.map((x) => ({ reserveMemoryGib: x.reserveMemoryGib, plan: planJsonObject(x.plan) })));
    expect(Object.keys(o.exact[0])).toEqual(['reserveMemoryGib', 'plan']);
  });
});

const GUIDE_MARKDOWN = `# The install guide's worked example

20 developers × 2–3 environments at peak = 60 environments of 4 vCPU / 16 GB; reserve 0.2 vCPU and 1–2 GB per node (the guide's GB taken as GiB).

## Guide figures, recomputed

| Figure | Guide | Computed | Agrees |
|---|---:|---:|:---:|
| Peak environments (20 developers x 2–3) | 60 | 60 | yes |
| Total demand, vCPU | 240 | 240 | yes |
| Total demand, GB memory | 960 | 960 | yes |
| One per node (D4s v3): nodes | 60 | 60 | yes |
| One per node (D4s v3): developer gets, vCPU | 3.8 | 3.8 | yes |
| One per node (D4s v3): developer gets, GB | 14–15 | 14–15 | yes |
| One per node (D4s v3): overhead, vCPU | 12 | 12 | yes |
| One per node (D4s v3): overhead, GB | 60–120 | 60–120 | yes |
| Many per node: overhead for 4–6 nodes, vCPU | 0.8–1.2 | 0.8–1.2 | yes |
| Many per node: overhead for 4–6 nodes, GB | 4–12 | 4–12 | yes |
| Many per node (D64s v3): nodes | 4–6 | 4 | yes |
| Many per node (D32s v3): nodes | 4–6 | 9 | no |

## Exact plans with the guide reserve

| VM size | Strategy | Memory reserve (GiB) | Allocatable per node | Envs per node | Nodes | Overhead vCPU | Overhead GiB |
|---|---|---:|---|---:|---:|---:|---:|
| Standard_D4s_v3 | one-per-node | 1 | 3.8 vCPU / 15 GiB | 1 | 60 | 12 | 60 |
| Standard_D4s_v3 | one-per-node | 2 | 3.8 vCPU / 14 GiB | 1 | 60 | 12 | 120 |
| Standard_D64s_v3 | many-per-node | 1 | 63.8 vCPU / 255 GiB | 15 | 4 | 0.8 | 4 |
| Standard_D64s_v3 | many-per-node | 2 | 63.8 vCPU / 254 GiB | 15 | 4 | 0.8 | 8 |
| Standard_D48s_v3 | many-per-node | 1 | 47.8 vCPU / 191 GiB | 11 | 6 | 1.2 | 6 |
| Standard_D48s_v3 | many-per-node | 2 | 47.8 vCPU / 190 GiB | 11 | 6 | 1.2 | 12 |
| Standard_D32s_v3 | many-per-node | 1 | 31.8 vCPU / 127 GiB | 7 | 9 | 1.8 | 9 |
| Standard_D32s_v3 | many-per-node | 2 | 31.8 vCPU / 126 GiB | 7 | 9 | 1.8 | 18 |

## Differences

- The guide's "4–6 nodes" is a stated range, not a result of its numbers. Exactly: Standard_D64s_v3 fits 15 environments per node (63.8 vCPU / 254–255 GiB allocatable), so 4 nodes (overhead 0.8 vCPU, 4–8 GB); the 6-node end matches Standard_D48s_v3 (11 per node, 6 nodes).
- Standard_D32s_v3 cannot reach 4–6 nodes: 240 vCPU / 32 = 7.5, so 8 nodes even with no reserve; after the reserve a node fits 7 environments (31.8 vCPU, 126–127 GiB allocatable), so 9 nodes with overhead 1.8 vCPU and 9–18 GB.
- The guide's 4–12 GB multiplies the node range by the reserve range (4 x 1 GB to 6 x 2 GB); the same 0.8–1.2 vCPU is 4–6 x 0.2.
- Raw division (240 / 64 = 3.75) also gives 4 D64s v3 nodes, but only because of slack: after the reserve a node holds 15, not 16, environments (63.8 / 4 = 15.95), and 4 x 15 = 60 >= 60.
`;
