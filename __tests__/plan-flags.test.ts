// The plan command's flag rules, called directly (cli/plan/flags.ts): which flags are required, how they combine,
// the number syntax and the order the problems are found in, each message exactly. plan.test.ts runs the command;
// this pins every branch so that a changed condition, string or list in the module fails a test.
import { PLAN_FLAGS, PlanFlags, PlanUsageError, planInput, planNumber, planText } from '../cli/plan/flags';
import { PlanInputError, computePlan, guideWorkedExample } from '../cli/plan/plan';
import { guideExampleToJson, planToJson, renderGuideExampleMarkdown, renderPlanMarkdown } from '../cli/plan/render';
import { findVmSize } from '../cli/plan/vm-sizes';

const REQUIRED: PlanFlags = { developers: '20', 'envs-per-developer': '3', 'env-vcpu': '4', 'env-memory-gib': '16', 'vm-size': 'Standard_D64s_v3', strategy: 'many-per-node' };
const D32 = findVmSize('Standard_D32s_v3')!;

/** The error `run` throws, of class `type`. */
function thrown<T extends Error>(type: new (...args: never[]) => T, run: () => unknown): T {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e as T;
  }
  throw new Error('nothing thrown');
}
const usage = (values: PlanFlags) => thrown(PlanUsageError, () => planInput(values)).message;
const input = (values: PlanFlags) => thrown(PlanInputError, () => planInput(values)).message;

describe('plan numbers', () => {
  it('reads decimal numbers with a sign, a fraction or an exponent, blanks around them allowed', () => {
    expect(planNumber('--x', undefined)).toBeUndefined();
    const read: Record<string, number> = { '3': 3, '0': 0, ' 2.5 ': 2.5, '-1': -1, '+4': 4, '.5': 0.5, '5.': 5, '1e3': 1000, '+1E-2': 0.01, '2e+1': 20, '007': 7, '.25': 0.25, '1e10': 1e10, '2.5E-12': 2.5e-12 };
    for (const [raw, value] of Object.entries(read)) expect(planNumber('--x', raw)).toBe(value);
  });

  it('refuses anything else, naming the flag and the value', () => {
    for (const raw of ['', ' ', 'abc', 'x1', '1x', '1,5', '0x10', 'Infinity', 'NaN', '1e', 'e3', '--1', '+-1', '1.2.3', '.', '1e2.5', '1 2']) {
      expect(thrown(PlanInputError, () => planNumber('--developers', raw)).message).toBe(`--developers: ${JSON.stringify(raw)}; must be a number`);
    }
  });
});

describe('plan flags', () => {
  it('are the plan inputs, in this order', () => {
    expect(PLAN_FLAGS).toEqual([
      'developers', 'envs-per-developer', 'env-vcpu', 'env-memory-gib', 'vm-size', 'vcpu', 'memory-gib',
      'strategy', 'reserve-cpu', 'reserve-memory-gib', 'reservation', 'max-pods',
    ]);
  });

  it('turn a complete command line into the plan input; the optional ones stay undefined', () => {
    expect(planInput(REQUIRED)).toStrictEqual({
      developers: 20,
      envsPerDeveloper: 3,
      envVcpu: 4,
      envMemoryGib: 16,
      vm: 'Standard_D64s_v3',
      strategy: 'many-per-node',
      reserveCpu: undefined,
      reserveMemoryGib: undefined,
      reservation: undefined,
      maxPods: undefined,
    });
    expect(planInput({ ...REQUIRED, strategy: 'one-per-node', 'reserve-cpu': '0.5', 'reserve-memory-gib': '2', reservation: 'aks-legacy', 'max-pods': '50' })).toStrictEqual({
      developers: 20,
      envsPerDeveloper: 3,
      envVcpu: 4,
      envMemoryGib: 16,
      vm: 'Standard_D64s_v3',
      strategy: 'one-per-node',
      reserveCpu: 0.5,
      reserveMemoryGib: 2,
      reservation: 'aks-legacy',
      maxPods: 50,
    });
    for (const reservation of ['aks', 'aks-legacy', 'guide']) expect(planInput({ ...REQUIRED, reservation }).reservation).toBe(reservation);
  });

  it('take a custom size as --vcpu with --memory-gib, --vm-size then only its label (a table size only with its own figures)', () => {
    const { 'vm-size': _vm, ...noSize } = REQUIRED;
    expect(planInput({ ...noSize, vcpu: '48', 'memory-gib': '384' }).vm).toStrictEqual({ name: undefined, vcpu: 48, memoryGib: 384 });
    expect(planInput({ ...noSize, 'vm-size': 'My_Size', vcpu: '48', 'memory-gib': '384' }).vm).toStrictEqual({ name: 'My_Size', vcpu: 48, memoryGib: 384 });
    expect(planInput({ ...noSize, 'vm-size': 'd32s v3', vcpu: String(D32.vcpu), 'memory-gib': String(D32.memoryGib) }).vm).toStrictEqual({
      name: 'd32s v3',
      vcpu: D32.vcpu,
      memoryGib: D32.memoryGib,
    });
    const conflict = `--vm-size ${D32.name} is in the table (${D32.vcpu} vCPU / ${D32.memoryGib} GiB); --vcpu/--memory-gib are only for sizes not in the table`;
    expect(usage({ ...noSize, 'vm-size': 'Standard_D32s_v3', vcpu: String(D32.vcpu + 1), 'memory-gib': String(D32.memoryGib) })).toBe(conflict);
    expect(usage({ ...noSize, 'vm-size': 'D32s_v3', vcpu: String(D32.vcpu), 'memory-gib': String(D32.memoryGib * 2) })).toBe(conflict);
    expect(input({ ...noSize, 'vm-size': 'My_Size', vcpu: 'many', 'memory-gib': '384' })).toBe('--vcpu: "many"; must be a number');
    expect(input({ ...noSize, vcpu: '48', 'memory-gib': 'lots' })).toBe('--memory-gib: "lots"; must be a number');
  });

  it('refuses --vcpu or --memory-gib alone, before anything else', () => {
    expect(usage({ vcpu: '8' })).toBe('--vcpu and --memory-gib go together (got only --vcpu)');
    expect(usage({ ...REQUIRED, 'memory-gib': '8' })).toBe('--vcpu and --memory-gib go together (got only --memory-gib)');
  });

  it('lists every missing flag in one message, the node size last', () => {
    expect(usage({})).toBe('missing --developers, --envs-per-developer, --env-vcpu, --env-memory-gib, --strategy, --vm-size (or --vcpu with --memory-gib)');
    const { 'vm-size': _vm, ...noSize } = REQUIRED;
    expect(usage(noSize)).toBe('missing --vm-size (or --vcpu with --memory-gib)');
    const { developers: _d, strategy: _s, ...partial } = REQUIRED;
    expect(usage(partial)).toBe('missing --developers, --strategy');
    const { 'env-memory-gib': _m, ...noMemory } = noSize;
    expect(usage({ ...noMemory, vcpu: '8', 'memory-gib': '32' })).toBe('missing --env-memory-gib');
  });

  it('refuses a --strategy or --reservation outside its list (strategy first), before the table conflict', () => {
    expect(input({ ...REQUIRED, strategy: 'best' })).toBe('--strategy: "best"; must be one of one-per-node, many-per-node');
    expect(input({ ...REQUIRED, strategy: 'best', reservation: 'none' })).toBe('--strategy: "best"; must be one of one-per-node, many-per-node');
    expect(input({ ...REQUIRED, reservation: 'none' })).toBe('--reservation: "none"; must be one of aks, aks-legacy, guide');
    const conflicting = { ...REQUIRED, 'vm-size': 'Standard_D32s_v3', vcpu: '1', 'memory-gib': '1' };
    expect(input({ ...conflicting, strategy: 'best' })).toBe('--strategy: "best"; must be one of one-per-node, many-per-node');
    expect(input({ ...conflicting, reservation: 'none' })).toBe('--reservation: "none"; must be one of aks, aks-legacy, guide');
    // The table conflict comes before the numbers are read.
    expect(usage({ ...conflicting, developers: 'many' })).toMatch(/^--vm-size Standard_D32s_v3 is in the table/);
  });

  it('reads each number under its own flag name, in flag order', () => {
    const numeric = { developers: '--developers', 'envs-per-developer': '--envs-per-developer', 'env-vcpu': '--env-vcpu', 'env-memory-gib': '--env-memory-gib', 'reserve-cpu': '--reserve-cpu', 'reserve-memory-gib': '--reserve-memory-gib', 'max-pods': '--max-pods' };
    for (const [flag, name] of Object.entries(numeric)) expect(input({ ...REQUIRED, [flag]: 'n/a' })).toBe(`${name}: "n/a"; must be a number`);
    expect(input({ ...REQUIRED, developers: 'a', 'max-pods': 'b' })).toBe('--developers: "a"; must be a number');
  });

  it('usage errors carry their own class name', () => {
    expect(thrown(PlanUsageError, () => planInput({})).name).toBe('PlanUsageError');
  });
});

describe('plan text', () => {
  it('prints the plan as Markdown, or JSON with --json', () => {
    const result = computePlan(planInput(REQUIRED));
    expect(planText(REQUIRED)).toBe(renderPlanMarkdown(result));
    expect(planText({ ...REQUIRED, json: true })).toBe(planToJson(result));
    expect(planText({ ...REQUIRED, example: false })).toBe(renderPlanMarkdown(result));
  });

  it('prints the guide\'s worked example with --example, as Markdown or JSON', () => {
    expect(planText({ example: true })).toBe(renderGuideExampleMarkdown(guideWorkedExample()));
    expect(planText({ example: true, json: true })).toBe(guideExampleToJson(guideWorkedExample()));
  });

  it('--example takes none of the plan inputs, naming each one given (an empty value too)', () => {
    for (const flag of PLAN_FLAGS) {
      expect(thrown(PlanUsageError, () => planText({ example: true, [flag]: '' })).message).toBe(`--example takes no plan inputs (got --${flag})`);
    }
    expect(thrown(PlanUsageError, () => planText({ example: true, ...REQUIRED })).message).toBe(
      '--example takes no plan inputs (got --developers, --envs-per-developer, --env-vcpu, --env-memory-gib, --vm-size, --strategy)',
    );
  });

  it('without --example the inputs are checked', () => {
    expect(thrown(PlanUsageError, () => planText({ json: true })).message).toMatch(/^missing --developers/);
  });
});
