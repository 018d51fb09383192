/** Markdown and JSON renderings of a plan and of the guide's worked example. */
import type { GuideWorkedExample, PlanResult, Range, Resources } from './plan';

const res = (r: Resources): { vcpu: number; memoryGib: number } => ({ vcpu: r.vcpu, memoryGib: r.memoryGib });
const rng = (r: Range): { min: number; max: number } => ({ min: r.min, max: r.max });

/** The plan as a plain object with a fixed key order (independent of how `result` was built). */
export function planJsonObject(result: PlanResult): Record<string, unknown> {
  return {
    input: {
      developers: result.input.developers,
      envsPerDeveloper: result.input.envsPerDeveloper,
      environment: res(result.input.environment),
      strategy: result.input.strategy,
    },
    environments: result.environments,
    demand: res(result.demand),
    vm: { name: result.vm.name, family: result.vm.family, custom: result.vm.custom, vcpu: result.vm.vcpu, memoryGib: result.vm.memoryGib },
    reservePerNode: { vcpu: result.reservePerNode.vcpu, memoryGib: result.reservePerNode.memoryGib, memorySource: result.reservePerNode.memorySource },
    allocatablePerNode: res(result.allocatablePerNode),
    envsPerNode: result.envsPerNode,
    limitedBy: result.limitedBy,
    nodes: result.nodes,
    capacity: res(result.capacity),
    overhead: res(result.overhead),
    utilization: { cpu: result.utilization.cpu, memory: result.utilization.memory },
    idle: res(result.idle),
    perEnvironmentAvailable: res(result.perEnvironmentAvailable),
    warnings: [...result.warnings],
  };
}

/** Pretty JSON (2-space indent, trailing newline) with a stable key order. */
export function planToJson(result: PlanResult): string {
  return `${JSON.stringify(planJsonObject(result), null, 2)}\n`;
}

const pct = (f: number): string => `${Math.round(f * 10000) / 100}%`;
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const strategyText = (s: PlanResult['input']['strategy']): string =>
  s === 'one-per-node' ? 'one environment per node' : 'many environments per node';

/** A readable Markdown report. */
export function renderPlanMarkdown(result: PlanResult): string {
  const r = result;
  const lines: string[] = [
    '# Dev-environment cluster plan',
    '',
    'Method: the CodeCanvas install guide, "Estimate the resources" and "Choose a node allocation strategy".',
    '',
    '## Inputs',
    '',
    '| Input | Value |',
    '|---|---|',
    `| Developers at peak | ${r.input.developers} |`,
    `| Environments per developer at peak | ${r.input.envsPerDeveloper} |`,
    `| Environment size | ${r.input.environment.vcpu} vCPU / ${r.input.environment.memoryGib} GiB |`,
    `| VM size | ${cell(r.vm.name)} (${r.vm.vcpu} vCPU / ${r.vm.memoryGib} GiB, ${r.vm.custom ? 'custom figures' : `${r.vm.family} family`}) |`,
    `| Strategy | ${strategyText(r.input.strategy)} |`,
    `| Reserve per node | ${r.reservePerNode.vcpu} vCPU / ${r.reservePerNode.memoryGib} GiB (memory: ${cell(r.reservePerNode.memorySource)}) |`,
    '',
    '## Result',
    '',
    `**Nodes needed at peak: ${r.nodes}** (${r.environments} environments, ${r.envsPerNode} per node, limited by ${r.limitedBy}).`,
    '',
    '| | vCPU | Memory (GiB) |',
    '|---|---:|---:|',
    `| Demand at peak (${r.environments} environments) | ${r.demand.vcpu} | ${r.demand.memoryGib} |`,
    `| Allocatable per node (size − reserve) | ${r.allocatablePerNode.vcpu} | ${r.allocatablePerNode.memoryGib} |`,
    `| Available to one environment | ${r.perEnvironmentAvailable.vcpu} | ${r.perEnvironmentAvailable.memoryGib} |`,
    `| Node capacity (${r.nodes} × ${r.vm.vcpu} vCPU / ${r.vm.memoryGib} GiB) | ${r.capacity.vcpu} | ${r.capacity.memoryGib} |`,
    `| Overhead (${r.nodes} × reserve) | ${r.overhead.vcpu} | ${r.overhead.memoryGib} |`,
    `| Idle allocatable at peak | ${r.idle.vcpu} | ${r.idle.memoryGib} |`,
    `| Utilization (demand / capacity) | ${pct(r.utilization.cpu)} | ${pct(r.utilization.memory)} |`,
  ];
  if (r.warnings.length) lines.push('', '## Warnings', '', ...r.warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}

/** The worked example as a plain object with a fixed key order. */
export function guideExampleJsonObject(e: GuideWorkedExample): Record<string, unknown> {
  return {
    scenario: {
      developers: e.scenario.developers,
      envsPerDeveloper: rng(e.scenario.envsPerDeveloper),
      peakEnvironments: e.scenario.peakEnvironments,
      environment: res(e.scenario.environment),
      reservePerNode: { vcpu: e.scenario.reservePerNode.vcpu, memoryGib: rng(e.scenario.reservePerNode.memoryGib) },
    },
    demand: res(e.demand),
    onePerNode: {
      vmSize: e.onePerNode.vmSize,
      nodes: e.onePerNode.nodes,
      developerGets: { vcpu: e.onePerNode.developerGets.vcpu, memoryGib: rng(e.onePerNode.developerGets.memoryGib) },
      overhead: { vcpu: e.onePerNode.overhead.vcpu, memoryGib: rng(e.onePerNode.overhead.memoryGib) },
    },
    manyPerNode: {
      vmSizes: [...e.manyPerNode.vmSizes],
      nodes: rng(e.manyPerNode.nodes),
      overhead: { vcpu: rng(e.manyPerNode.overhead.vcpu), memoryGib: rng(e.manyPerNode.overhead.memoryGib) },
    },
    checks: e.checks.map((c) => ({ figure: c.figure, guide: c.guide, computed: c.computed, matches: c.matches })),
    differences: [...e.differences],
    exact: e.exact.map((x) => ({ reserveMemoryGib: x.reserveMemoryGib, plan: planJsonObject(x.plan) })),
  };
}

export function guideExampleToJson(e: GuideWorkedExample): string {
  return `${JSON.stringify(guideExampleJsonObject(e), null, 2)}\n`;
}

export function renderGuideExampleMarkdown(e: GuideWorkedExample): string {
  const s = e.scenario;
  const lines: string[] = [
    "# The install guide's worked example",
    '',
    `${s.developers} developers × ${s.envsPerDeveloper.min}–${s.envsPerDeveloper.max} environments at peak = ${s.peakEnvironments} environments ` +
      `of ${s.environment.vcpu} vCPU / ${s.environment.memoryGib} GB; reserve ${s.reservePerNode.vcpu} vCPU and ` +
      `${s.reservePerNode.memoryGib.min}–${s.reservePerNode.memoryGib.max} GB per node (the guide's GB taken as GiB).`,
    '',
    '## Guide figures, recomputed',
    '',
    '| Figure | Guide | Computed | Agrees |',
    '|---|---:|---:|:---:|',
    ...e.checks.map((c) => `| ${cell(c.figure)} | ${c.guide} | ${c.computed} | ${c.matches ? 'yes' : 'no'} |`),
    '',
    '## Exact plans with the guide reserve',
    '',
    '| VM size | Strategy | Memory reserve (GiB) | Allocatable per node | Envs per node | Nodes | Overhead vCPU | Overhead GiB |',
    '|---|---|---:|---|---:|---:|---:|---:|',
    ...e.exact.map(
      ({ reserveMemoryGib, plan: p }) =>
        `| ${p.vm.name} | ${p.input.strategy} | ${reserveMemoryGib} | ${p.allocatablePerNode.vcpu} vCPU / ${p.allocatablePerNode.memoryGib} GiB | ` +
        `${p.envsPerNode} | ${p.nodes} | ${p.overhead.vcpu} | ${p.overhead.memoryGib} |`,
    ),
    '',
    '## Differences',
    '',
    ...e.differences.map((d) => `- ${d}`),
  ];
  return `${lines.join('\n')}\n`;
}
