/**
 * The plan command's flags: which are required and how they combine, the number syntax, and the text a command line
 * asks for (the plan or the guide's worked example, as Markdown or JSON). Pure: cli/plan-command.ts parses the
 * command line, prints the text and turns the errors into exit codes.
 */
import { RESERVATION_MODELS, ReservationModel } from './aks-reservation';
import { PlanInputError, PlanInput, STRATEGIES, Strategy, computePlan, guideWorkedExample } from './plan';
import { guideExampleToJson, planToJson, renderGuideExampleMarkdown, renderPlanMarkdown } from './render';
import { findVmSize } from './vm-sizes';

/** A usage error of the plan command line (exit 2, with the pointer to --help). */
export class PlanUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanUsageError';
  }
}

/** The command line as the parser returns it (cli/command-definitions.ts, PLAN): flag name without dashes -> value. */
export type PlanFlags = Readonly<Record<string, string | boolean | undefined>>;

/** The flags that are inputs of a plan (--example takes none of them). */
export const PLAN_FLAGS = [
  'developers', 'envs-per-developer', 'env-vcpu', 'env-memory-gib', 'vm-size', 'vcpu', 'memory-gib',
  'strategy', 'reserve-cpu', 'reserve-memory-gib', 'reservation', 'max-pods',
] as const;

type PlanFlag = (typeof PLAN_FLAGS)[number];

/** The flags every plan needs, besides the node size (--vm-size, or --vcpu with --memory-gib). */
const REQUIRED: readonly PlanFlag[] = ['developers', 'envs-per-developer', 'env-vcpu', 'env-memory-gib', 'strategy'];

/** A decimal number, optionally signed, with an optional exponent (blanks around it are allowed). */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The number `raw` of `flag`, undefined when absent; PlanInputError when it is not a number. */
export function planNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!NUMBER.test(raw.trim())) throw new PlanInputError(flag, raw, 'must be a number');
  return Number(raw);
}

/**
 * The plan input of a command line, or the first thing wrong with it: a PlanUsageError for a missing flag or a
 * combination the command refuses (checked first), a PlanInputError naming the flag, value and rule for a bad value.
 */
export function planInput(values: PlanFlags): PlanInput {
  const str = (f: PlanFlag): string | undefined => values[f] as string | undefined;
  const missing: string[] = REQUIRED.filter((f) => values[f] === undefined).map((f) => `--${f}`);
  const vmSize = str('vm-size');
  const vcpuRaw = str('vcpu');
  const memRaw = str('memory-gib');
  if ((vcpuRaw === undefined) !== (memRaw === undefined)) {
    throw new PlanUsageError(`--vcpu and --memory-gib go together (got only ${vcpuRaw === undefined ? '--memory-gib' : '--vcpu'})`);
  }
  if (vmSize === undefined && vcpuRaw === undefined) missing.push('--vm-size (or --vcpu with --memory-gib)');
  if (missing.length > 0) throw new PlanUsageError(`missing ${missing.join(', ')}`);

  const strategy = str('strategy')!;
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new PlanInputError('--strategy', strategy, `must be one of ${STRATEGIES.join(', ')}`);
  }
  const reservation = str('reservation');
  if (reservation !== undefined && !(RESERVATION_MODELS as readonly string[]).includes(reservation)) {
    throw new PlanInputError('--reservation', reservation, `must be one of ${RESERVATION_MODELS.join(', ')}`);
  }
  const custom = vcpuRaw !== undefined;
  if (custom && vmSize !== undefined) {
    const known = findVmSize(vmSize);
    if (known && (Number(vcpuRaw) !== known.vcpu || Number(memRaw) !== known.memoryGib)) {
      throw new PlanUsageError(
        `--vm-size ${known.name} is in the table (${known.vcpu} vCPU / ${known.memoryGib} GiB); --vcpu/--memory-gib are only for sizes not in the table`,
      );
    }
  }

  return {
    developers: planNumber('--developers', str('developers'))!,
    envsPerDeveloper: planNumber('--envs-per-developer', str('envs-per-developer'))!,
    envVcpu: planNumber('--env-vcpu', str('env-vcpu'))!,
    envMemoryGib: planNumber('--env-memory-gib', str('env-memory-gib'))!,
    vm: custom ? { name: vmSize, vcpu: planNumber('--vcpu', vcpuRaw)!, memoryGib: planNumber('--memory-gib', memRaw)! } : vmSize!,
    strategy: strategy as Strategy,
    reserveCpu: planNumber('--reserve-cpu', str('reserve-cpu')),
    reserveMemoryGib: planNumber('--reserve-memory-gib', str('reserve-memory-gib')),
    reservation: reservation as ReservationModel | undefined,
    maxPods: planNumber('--max-pods', str('max-pods')),
  };
}

/**
 * What a command line (without --help) prints: with --example the guide's worked example (which takes no plan
 * input), else the plan; as JSON with --json, else Markdown. Throws PlanUsageError or PlanInputError (planInput).
 */
export function planText(values: PlanFlags): string {
  if (values.example) {
    const extra = PLAN_FLAGS.filter((f) => values[f] !== undefined);
    if (extra.length > 0) throw new PlanUsageError(`--example takes no plan inputs (got ${extra.map((f) => `--${f}`).join(', ')})`);
    const example = guideWorkedExample();
    return values.json ? guideExampleToJson(example) : renderGuideExampleMarkdown(example);
  }
  const result = computePlan(planInput(values));
  return values.json ? planToJson(result) : renderPlanMarkdown(result);
}
