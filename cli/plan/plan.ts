/**
 * The install guide's dev-environment cluster sizing method ("Estimate the resources", "Choose a
 * node allocation strategy", "Choose Azure instance types") as a pure calculation.
 */
import {
  DEFAULT_MAX_PODS,
  DEFAULT_RESERVATION_MODEL,
  GUIDE_RESERVE_MEMORY_GIB,
  GUIDE_RESERVE_VCPU,
  RESERVATION_MODELS,
  ReservationModel,
  memoryReservation,
} from './aks-reservation';
import { PlanInputError, findVmSize, isBurstableVmSize, lookupVmSize, BURSTABLE_REASON } from './vm-sizes';

export { PlanInputError } from './vm-sizes';

export type Strategy = 'one-per-node' | 'many-per-node';
export const STRATEGIES: readonly Strategy[] = ['one-per-node', 'many-per-node'];

export interface Resources {
  readonly vcpu: number;
  readonly memoryGib: number;
}

/** A size not in the table: its figures, and optionally its name (a label only). */
export interface CustomVm {
  readonly name?: string;
  readonly vcpu: number;
  readonly memoryGib: number;
}

export interface PlanInput {
  /** Developers active at peak; whole number >= 1. */
  readonly developers: number;
  /** Dev environments per developer at peak (may be an average such as 2.5); > 0. */
  readonly envsPerDeveloper: number;
  /** One dev environment's size. */
  readonly envVcpu: number;
  readonly envMemoryGib: number;
  /** A table size name (any usual spelling) or custom figures. */
  readonly vm: string | CustomVm;
  readonly strategy: Strategy;
  /** vCPU reserved per node; default 0.2 (the guide's figure). */
  readonly reserveCpu?: number;
  /** GiB reserved per node; default from `reservation`. */
  readonly reserveMemoryGib?: number;
  /** Memory reservation model when `reserveMemoryGib` is not given; default `aks` (1.29+). */
  readonly reservation?: ReservationModel;
  /** Max pods per node for the `aks` model; default 30. */
  readonly maxPods?: number;
}

export interface PlanResult {
  readonly input: {
    readonly developers: number;
    readonly envsPerDeveloper: number;
    readonly environment: Resources;
    readonly strategy: Strategy;
  };
  /** Dev environments at peak: ceil(developers x envs per developer). */
  readonly environments: number;
  /** environments x environment size. */
  readonly demand: Resources;
  readonly vm: { readonly name: string; readonly family: string; readonly custom: boolean } & Resources;
  readonly reservePerNode: Resources & { readonly memorySource: string };
  /** Node size minus the reserve. */
  readonly allocatablePerNode: Resources;
  readonly envsPerNode: number;
  /** What bounds envsPerNode: the strategy, or the resource that runs out first. */
  readonly limitedBy: 'strategy' | 'cpu' | 'memory' | 'cpu and memory';
  /** Nodes needed at peak: ceil(environments / envsPerNode). */
  readonly nodes: number;
  /** nodes x node size. */
  readonly capacity: Resources;
  /** nodes x reserve: what Kubernetes keeps for itself. */
  readonly overhead: Resources;
  /** demand / capacity, as fractions (0..1, 4 decimals). */
  readonly utilization: { readonly cpu: number; readonly memory: number };
  /** Allocatable capacity no environment uses at peak: nodes x allocatable - demand, floored at 0. */
  readonly idle: Resources;
  /** What one environment can actually get (one-per-node: min(environment, allocatable)). */
  readonly perEnvironmentAvailable: Resources;
  readonly warnings: readonly string[];
}

const EPS = 1e-9;
export const roundCpu = (n: number): number => Math.round(n * 1000) / 1000;
export const roundGib = (n: number): number => Math.round(n * 1000) / 1000;
const roundFraction = (n: number): number => Math.round(n * 10000) / 10000;

function requireNumber(option: string, value: number, rule: string, ok: (v: number) => boolean): void {
  if (!Number.isFinite(value) || !ok(value)) throw new PlanInputError(option, value, rule);
}

function resolveVm(vm: string | CustomVm): PlanResult['vm'] {
  if (typeof vm === 'string') {
    const s = lookupVmSize(vm, '--vm-size');
    return { name: s.name, family: s.family, custom: false, vcpu: s.vcpu, memoryGib: s.memoryGib };
  }
  requireNumber('--vcpu', vm.vcpu, 'must be a whole number of vCPUs, at least 1', (v) => Number.isInteger(v) && v >= 1);
  requireNumber('--memory-gib', vm.memoryGib, 'must be a number of GiB greater than 0', (v) => v > 0);
  const name = vm.name?.trim() || 'custom';
  if (vm.name && isBurstableVmSize(vm.name)) throw new PlanInputError('--vm-size', vm.name, `is refused: ${BURSTABLE_REASON}`);
  const known = vm.name ? findVmSize(vm.name) : undefined;
  if (known && (known.vcpu !== vm.vcpu || known.memoryGib !== vm.memoryGib)) {
    throw new PlanInputError(
      '--vcpu',
      vm.vcpu,
      `conflicts with --vm-size ${known.name}, which is in the table as ${known.vcpu} vCPU / ${known.memoryGib} GiB; --vcpu/--memory-gib are for sizes not in the table`,
    );
  }
  return { name: known ? known.name : name, family: known ? known.family : 'custom', custom: !known, vcpu: vm.vcpu, memoryGib: vm.memoryGib };
}

const fmt = (n: number): string => String(roundCpu(n));
/** A product of two inputs without its floating-point noise (3 x 0.1 is 0.3, not 0.30000000000000004). */
const plain = (n: number): string => String(Number(n.toPrecision(12)));

/** Compute the plan. Throws `PlanInputError` naming the option, the value and the rule. */
export function computePlan(input: PlanInput): PlanResult {
  requireNumber('--developers', input.developers, 'must be a whole number, at least 1', (v) => Number.isInteger(v) && v >= 1);
  requireNumber('--envs-per-developer', input.envsPerDeveloper, 'must be a number greater than 0', (v) => v > 0);
  requireNumber('--env-vcpu', input.envVcpu, 'must be a number of vCPUs greater than 0', (v) => v > 0);
  requireNumber('--env-memory-gib', input.envMemoryGib, 'must be a number of GiB greater than 0', (v) => v > 0);
  if (!STRATEGIES.includes(input.strategy)) {
    throw new PlanInputError('--strategy', input.strategy, `must be one of ${STRATEGIES.join(', ')}`);
  }
  const model = input.reservation ?? DEFAULT_RESERVATION_MODEL;
  if (!RESERVATION_MODELS.includes(model)) {
    throw new PlanInputError('--reservation', model, `must be one of ${RESERVATION_MODELS.join(', ')}`);
  }
  const vm = resolveVm(input.vm);

  const reserveCpu = input.reserveCpu ?? GUIDE_RESERVE_VCPU;
  requireNumber('--reserve-cpu', reserveCpu, `must be a number of vCPUs, at least 0 and less than the node's ${vm.vcpu}`, (v) => v >= 0 && v < vm.vcpu);
  let reserveMemoryGib: number;
  let memorySource: string;
  if (input.reserveMemoryGib !== undefined) {
    reserveMemoryGib = input.reserveMemoryGib;
    requireNumber('--reserve-memory-gib', reserveMemoryGib, `must be a number of GiB, at least 0 and less than the node's ${vm.memoryGib}`, (v) => v >= 0 && v < vm.memoryGib);
    memorySource = 'given with --reserve-memory-gib';
  } else {
    const r = memoryReservation(vm.memoryGib, model, input.maxPods ?? DEFAULT_MAX_PODS);
    reserveMemoryGib = r.totalGib;
    memorySource = r.detail;
  }

  const env: Resources = { vcpu: input.envVcpu, memoryGib: input.envMemoryGib };
  const peak = input.developers * input.envsPerDeveloper;
  const environments = Math.ceil(peak - EPS);
  const demand: Resources = { vcpu: roundCpu(environments * env.vcpu), memoryGib: roundGib(environments * env.memoryGib) };
  const alloc: Resources = { vcpu: roundCpu(vm.vcpu - reserveCpu), memoryGib: roundGib(vm.memoryGib - reserveMemoryGib) };
  const warnings: string[] = [];
  const envText = `${fmt(env.vcpu)} vCPU / ${roundGib(env.memoryGib)} GiB`;
  const allocText = `${fmt(alloc.vcpu)} vCPU / ${roundGib(alloc.memoryGib)} GiB`;

  // Only a real rounding up: a product a floating-point error above a whole number (100 x 1.1) is that number.
  // Stryker disable next-line EqualityOperator: never exactly EPS (peak > 0): up to 1e-9 the difference is <= 0, below 1/2 above 1/2, and from 1/2 up a whole number of 2^-53 steps, computed exactly, which 1e-9 is not
  if (environments - peak > EPS) {
    warnings.push(`${input.developers} developers x ${input.envsPerDeveloper} environments = ${plain(peak)}, rounded up to ${environments} environments at peak.`);
  }

  let envsPerNode: number;
  let limitedBy: PlanResult['limitedBy'];
  let perEnv: Resources;
  if (input.strategy === 'one-per-node') {
    if (env.vcpu > vm.vcpu + EPS || env.memoryGib > vm.memoryGib + EPS) {
      throw new PlanInputError(
        vm.custom ? '--vcpu' : '--vm-size',
        vm.custom ? vm.vcpu : vm.name,
        `is smaller than one environment (${envText}) even before the reserve (node ${vm.vcpu} vCPU / ${vm.memoryGib} GiB); choose a larger size`,
      );
    }
    envsPerNode = 1;
    limitedBy = 'strategy';
    perEnv = { vcpu: Math.min(env.vcpu, alloc.vcpu), memoryGib: Math.min(env.memoryGib, alloc.memoryGib) };
    const shortCpu = roundCpu(env.vcpu - alloc.vcpu);
    const shortMem = roundGib(env.memoryGib - alloc.memoryGib);
    if (shortCpu > 0 || shortMem > 0) {
      warnings.push(
        `Shortfall: each environment asks for ${envText} but a ${vm.name} node has only ${allocText} allocatable after the ` +
          `per-node reserve, so a developer will get only ${fmt(perEnv.vcpu)} vCPU and ${roundGib(perEnv.memoryGib)} GiB ` +
          `(short by ${fmt(Math.max(0, shortCpu))} vCPU and ${roundGib(Math.max(0, shortMem))} GiB). Size environments to the ` +
          `allocatable figures, or use a larger VM size.`,
      );
    } else {
      const idleCpu = alloc.vcpu - env.vcpu;
      const idleMem = alloc.memoryGib - env.memoryGib;
      if (idleCpu / vm.vcpu > 0.25 || idleMem / vm.memoryGib > 0.25) {
        warnings.push(
          `One environment per node leaves ${fmt(idleCpu)} vCPU / ${roundGib(idleMem)} GiB of each ${vm.name} node unused; a smaller size would waste less.`,
        );
      }
    }
  } else {
    const byCpu = alloc.vcpu / env.vcpu;
    const byMem = alloc.memoryGib / env.memoryGib;
    envsPerNode = Math.floor(Math.min(byCpu, byMem) + EPS);
    if (envsPerNode < 1) {
      throw new PlanInputError(
        vm.custom ? '--vcpu' : '--vm-size',
        vm.custom ? vm.vcpu : vm.name,
        `is too small for one environment (${envText}): a node has ${allocText} allocatable after the reserve; choose a larger size or --strategy one-per-node`,
      );
    }
    const fCpu = Math.floor(byCpu + EPS);
    const fMem = Math.floor(byMem + EPS);
    limitedBy = fCpu < fMem ? 'cpu' : fMem < fCpu ? 'memory' : 'cpu and memory';
    perEnv = env;
    const strandedCpu = alloc.vcpu - envsPerNode * env.vcpu;
    const strandedMem = alloc.memoryGib - envsPerNode * env.memoryGib;
    if (limitedBy === 'memory' && strandedCpu / vm.vcpu > 0.25) {
      warnings.push(`Memory-bound: each full node leaves ${fmt(strandedCpu)} vCPU unused; a size with more GiB per vCPU (E or M family) would pack better.`);
    } else if (limitedBy === 'cpu' && strandedMem / vm.memoryGib > 0.25) {
      warnings.push(`CPU-bound: each full node leaves ${roundGib(strandedMem)} GiB unused; a size with fewer GiB per vCPU (D or F family) would pack better.`);
    }
  }

  const nodes = Math.ceil(environments / envsPerNode - EPS);
  const capacity: Resources = { vcpu: roundCpu(nodes * vm.vcpu), memoryGib: roundGib(nodes * vm.memoryGib) };
  const overhead: Resources = { vcpu: roundCpu(nodes * reserveCpu), memoryGib: roundGib(nodes * reserveMemoryGib) };
  const idle: Resources = {
    vcpu: roundCpu(Math.max(0, nodes * alloc.vcpu - demand.vcpu)),
    memoryGib: roundGib(Math.max(0, nodes * alloc.memoryGib - demand.memoryGib)),
  };

  return {
    input: { developers: input.developers, envsPerDeveloper: input.envsPerDeveloper, environment: env, strategy: input.strategy },
    environments,
    demand,
    vm,
    reservePerNode: { vcpu: roundCpu(reserveCpu), memoryGib: roundGib(reserveMemoryGib), memorySource },
    allocatablePerNode: alloc,
    envsPerNode,
    limitedBy,
    nodes,
    capacity,
    overhead,
    utilization: { cpu: roundFraction(demand.vcpu / capacity.vcpu), memory: roundFraction(demand.memoryGib / capacity.memoryGib) },
    idle,
    perEnvironmentAvailable: { vcpu: roundCpu(perEnv.vcpu), memoryGib: roundGib(perEnv.memoryGib) },
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// The guide's worked example
// ---------------------------------------------------------------------------------------------

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** One figure the guide states, next to the same figure computed here. */
export interface ExampleCheck {
  readonly figure: string;
  readonly guide: string;
  readonly computed: string;
  /** Equal to the guide's figure, or (for a node range) inside it. */
  readonly matches: boolean;
}

export interface GuideWorkedExample {
  readonly scenario: {
    readonly developers: number;
    readonly envsPerDeveloper: Range;
    readonly peakEnvironments: number;
    readonly environment: Resources;
    readonly reservePerNode: { readonly vcpu: number; readonly memoryGib: Range };
  };
  readonly demand: Resources;
  readonly onePerNode: {
    readonly vmSize: string;
    readonly nodes: number;
    readonly developerGets: { readonly vcpu: number; readonly memoryGib: Range };
    readonly overhead: { readonly vcpu: number; readonly memoryGib: Range };
  };
  readonly manyPerNode: {
    readonly vmSizes: readonly string[];
    /** The guide's stated node range (not derived: see `differences`). */
    readonly nodes: Range;
    readonly overhead: { readonly vcpu: Range; readonly memoryGib: Range };
  };
  /** Exact per-size plans with the guide's reserve at both ends of 1-2 GB. */
  readonly exact: ReadonlyArray<{ readonly reserveMemoryGib: number; readonly plan: PlanResult }>;
  readonly checks: readonly ExampleCheck[];
  readonly differences: readonly string[];
}

/** `a`, or `a–b` when they differ. */
export const rangeText = (a: number, b: number): string => (a === b ? String(a) : `${a}–${b}`);
/** The node counts of two plans as a range, lower first. */
export const nodeRange = (lo: PlanResult, hi: PlanResult): string => rangeText(Math.min(lo.nodes, hi.nodes), Math.max(lo.nodes, hi.nodes));
/** Whether both plans' node counts lie in `r`, ends included. */
export const nodesWithin = (lo: PlanResult, hi: PlanResult, r: Range): boolean => [lo.nodes, hi.nodes].every((n) => n >= r.min && n <= r.max);

/**
 * The guide's scenario with the guide's own numbers: 20 developers x 2–3 environments (peak 60),
 * environments of 4 vCPU / 16 GB, 0.2 vCPU and 1–2 GB reserved per node (GB taken as GiB).
 */
export function guideWorkedExample(): GuideWorkedExample {
  const developers = 20;
  const envsPerDeveloper: Range = { min: 2, max: 3 };
  const environment: Resources = { vcpu: 4, memoryGib: 16 };
  const reserveMem: Range = { min: GUIDE_RESERVE_MEMORY_GIB.min, max: GUIDE_RESERVE_MEMORY_GIB.max };
  const reserveCpu = GUIDE_RESERVE_VCPU;
  const base = { developers, envsPerDeveloper: envsPerDeveloper.max, envVcpu: environment.vcpu, envMemoryGib: environment.memoryGib, reserveCpu };

  const plans: Array<{ reserveMemoryGib: number; plan: PlanResult }> = [];
  const run = (vm: string, strategy: Strategy, reserveMemoryGib: number): PlanResult => {
    const plan = computePlan({ ...base, vm, strategy, reserveMemoryGib });
    plans.push({ reserveMemoryGib, plan });
    return plan;
  };
  const d4Lo = run('Standard_D4s_v3', 'one-per-node', reserveMem.min);
  const d4Hi = run('Standard_D4s_v3', 'one-per-node', reserveMem.max);
  const d64Lo = run('Standard_D64s_v3', 'many-per-node', reserveMem.min);
  const d64Hi = run('Standard_D64s_v3', 'many-per-node', reserveMem.max);
  const d48Lo = run('Standard_D48s_v3', 'many-per-node', reserveMem.min);
  const d48Hi = run('Standard_D48s_v3', 'many-per-node', reserveMem.max);
  const d32Lo = run('Standard_D32s_v3', 'many-per-node', reserveMem.min);
  const d32Hi = run('Standard_D32s_v3', 'many-per-node', reserveMem.max);

  const peak = d4Hi.environments;
  const demand = d4Hi.demand;
  const guideNodes: Range = { min: 4, max: 6 };
  const manyOverhead = {
    vcpu: { min: roundCpu(guideNodes.min * reserveCpu), max: roundCpu(guideNodes.max * reserveCpu) },
    memoryGib: { min: roundGib(guideNodes.min * reserveMem.min), max: roundGib(guideNodes.max * reserveMem.max) },
  };
  const onePerNode = {
    vmSize: d4Hi.vm.name,
    nodes: d4Hi.nodes,
    developerGets: { vcpu: d4Hi.perEnvironmentAvailable.vcpu, memoryGib: { min: d4Hi.perEnvironmentAvailable.memoryGib, max: d4Lo.perEnvironmentAvailable.memoryGib } },
    overhead: { vcpu: d4Hi.overhead.vcpu, memoryGib: { min: d4Lo.overhead.memoryGib, max: d4Hi.overhead.memoryGib } },
  };

  const check = (figure: string, guide: string, computed: string, matches = guide === computed): ExampleCheck => ({ figure, guide, computed, matches });
  const checks: ExampleCheck[] = [
    check('Peak environments (20 developers x 2–3)', '60', String(peak)),
    check('Total demand, vCPU', '240', String(demand.vcpu)),
    check('Total demand, GB memory', '960', String(demand.memoryGib)),
    check('One per node (D4s v3): nodes', '60', String(onePerNode.nodes)),
    check('One per node (D4s v3): developer gets, vCPU', '3.8', String(onePerNode.developerGets.vcpu)),
    check('One per node (D4s v3): developer gets, GB', '14–15', rangeText(onePerNode.developerGets.memoryGib.min, onePerNode.developerGets.memoryGib.max)),
    check('One per node (D4s v3): overhead, vCPU', '12', String(onePerNode.overhead.vcpu)),
    check('One per node (D4s v3): overhead, GB', '60–120', rangeText(onePerNode.overhead.memoryGib.min, onePerNode.overhead.memoryGib.max)),
    check('Many per node: overhead for 4–6 nodes, vCPU', '0.8–1.2', rangeText(manyOverhead.vcpu.min, manyOverhead.vcpu.max)),
    check('Many per node: overhead for 4–6 nodes, GB', '4–12', rangeText(manyOverhead.memoryGib.min, manyOverhead.memoryGib.max)),
    check('Many per node (D64s v3): nodes', '4–6', nodeRange(d64Lo, d64Hi), nodesWithin(d64Lo, d64Hi, guideNodes)),
    check('Many per node (D32s v3): nodes', '4–6', nodeRange(d32Lo, d32Hi), nodesWithin(d32Lo, d32Hi, guideNodes)),
  ];

  const differences = [
    `The guide's "4–6 nodes" is a stated range, not a result of its numbers. Exactly: ${d64Hi.vm.name} fits ${d64Hi.envsPerNode} environments per node ` +
      `(${d64Hi.allocatablePerNode.vcpu} vCPU / ${d64Hi.allocatablePerNode.memoryGib}–${d64Lo.allocatablePerNode.memoryGib} GiB allocatable), so ${d64Hi.nodes} nodes ` +
      `(overhead ${d64Hi.overhead.vcpu} vCPU, ${d64Lo.overhead.memoryGib}–${d64Hi.overhead.memoryGib} GB); the 6-node end matches ${d48Hi.vm.name} ` +
      `(${d48Hi.envsPerNode} per node, ${nodeRange(d48Lo, d48Hi)} nodes).`,
    `${d32Hi.vm.name} cannot reach 4–6 nodes: 240 vCPU / 32 = 7.5, so 8 nodes even with no reserve; after the reserve a node fits ` +
      `${d32Hi.envsPerNode} environments (${d32Hi.allocatablePerNode.vcpu} vCPU, ${d32Hi.allocatablePerNode.memoryGib}–${d32Lo.allocatablePerNode.memoryGib} GiB allocatable), ` +
      `so ${nodeRange(d32Lo, d32Hi)} nodes with overhead ${d32Hi.overhead.vcpu} vCPU and ${d32Lo.overhead.memoryGib}–${d32Hi.overhead.memoryGib} GB.`,
    `The guide's 4–12 GB multiplies the node range by the reserve range (4 x 1 GB to 6 x 2 GB); the same 0.8–1.2 vCPU is 4–6 x 0.2.`,
    `Raw division (240 / 64 = 3.75) also gives 4 D64s v3 nodes, but only because of slack: after the reserve a node holds ` +
      `${d64Hi.envsPerNode}, not 16, environments (${d64Hi.allocatablePerNode.vcpu} / 4 = ${roundCpu(d64Hi.allocatablePerNode.vcpu / 4)}), and 4 x ${d64Hi.envsPerNode} = ${4 * d64Hi.envsPerNode} >= 60.`,
  ];

  return {
    scenario: { developers, envsPerDeveloper, peakEnvironments: peak, environment, reservePerNode: { vcpu: reserveCpu, memoryGib: reserveMem } },
    demand,
    onePerNode,
    manyPerNode: { vmSizes: [d64Hi.vm.name, d32Hi.vm.name], nodes: guideNodes, overhead: manyOverhead },
    exact: plans,
    checks,
    differences,
  };
}
