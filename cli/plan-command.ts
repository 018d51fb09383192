/**
 * `plan`: the install guide's dev-environment cluster sizing as a command.
 * Exit codes: 0 ok, 1 bad input (names the flag, the value and the rule), 2 usage error.
 */
import { UsageError } from './args';
import { PLAN } from './command-definitions';
import { helpText, parseCommand } from './command-spec';
import { RESERVATION_MODELS, ReservationModel } from './plan/aks-reservation';
import { PlanInputError, STRATEGIES, Strategy, computePlan, guideWorkedExample } from './plan/plan';
import { guideExampleToJson, planToJson, renderGuideExampleMarkdown, renderPlanMarkdown } from './plan/render';
import { findVmSize } from './plan/vm-sizes';
import { maskSecrets } from '../lib/util/secret-text';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const PLAN_HELP = helpText(PLAN);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function num(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!NUMBER.test(raw.trim())) throw new PlanInputError(flag, raw, 'must be a number');
  return Number(raw);
}

const PLAN_FLAGS = [
  'developers', 'envs-per-developer', 'env-vcpu', 'env-memory-gib', 'vm-size', 'vcpu', 'memory-gib',
  'strategy', 'reserve-cpu', 'reserve-memory-gib', 'reservation', 'max-pods',
] as const;

export function runPlanCommand(argv: string[], io: CommandIo): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseCommand(argv, PLAN) as Record<string, string | boolean | undefined>;
  } catch (err) {
    io.stderr(`plan: ${(err as Error).message}\nRun 'codecanvas-cdk8s plan --help' for usage.\n`);
    return 2;
  }

  try {
    if (values.help) {
      io.stdout(PLAN_HELP);
      return 0;
    }
    const str = (f: (typeof PLAN_FLAGS)[number]): string | undefined => values[f] as string | undefined;
    if (values.example) {
      const extra = PLAN_FLAGS.filter((f) => values[f] !== undefined);
      if (extra.length) throw new UsageError(`--example takes no plan inputs (got ${extra.map((f) => `--${f}`).join(', ')})`);
      const example = guideWorkedExample();
      io.stdout(values.json ? guideExampleToJson(example) : renderGuideExampleMarkdown(example));
      return 0;
    }

    const required = ['developers', 'envs-per-developer', 'env-vcpu', 'env-memory-gib', 'strategy'] as const;
    const missing: string[] = required.filter((f) => values[f] === undefined).map((f) => `--${f}`);
    const vmSize = str('vm-size');
    const vcpuRaw = str('vcpu');
    const memRaw = str('memory-gib');
    if ((vcpuRaw === undefined) !== (memRaw === undefined)) {
      throw new UsageError(`--vcpu and --memory-gib go together (got only ${vcpuRaw === undefined ? '--memory-gib' : '--vcpu'})`);
    }
    if (vmSize === undefined && vcpuRaw === undefined) missing.push('--vm-size (or --vcpu with --memory-gib)');
    if (missing.length) throw new UsageError(`missing ${missing.join(', ')}`);

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
        throw new UsageError(
          `--vm-size ${known.name} is in the table (${known.vcpu} vCPU / ${known.memoryGib} GiB); --vcpu/--memory-gib are only for sizes not in the table`,
        );
      }
    }

    const result = computePlan({
      developers: num('--developers', str('developers'))!,
      envsPerDeveloper: num('--envs-per-developer', str('envs-per-developer'))!,
      envVcpu: num('--env-vcpu', str('env-vcpu'))!,
      envMemoryGib: num('--env-memory-gib', str('env-memory-gib'))!,
      vm: custom
        ? { name: vmSize, vcpu: num('--vcpu', vcpuRaw)!, memoryGib: num('--memory-gib', memRaw)! }
        : vmSize!,
      strategy: strategy as Strategy,
      reserveCpu: num('--reserve-cpu', str('reserve-cpu')),
      reserveMemoryGib: num('--reserve-memory-gib', str('reserve-memory-gib')),
      reservation: reservation as ReservationModel | undefined,
      maxPods: num('--max-pods', str('max-pods')),
    });
    io.stdout(values.json ? planToJson(result) : renderPlanMarkdown(result));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`plan: ${err.message}\nRun 'codecanvas-cdk8s plan --help' for usage.\n`);
      return 2;
    }
    if (err instanceof PlanInputError) {
      io.stderr(`plan: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/* istanbul ignore next -- direct use: node scripts/run-ts.js cli/plan-command.ts --example */
if (require.main === module || /[\\/]plan-command\.[tj]s$/.test(process.argv[1] ?? '')) {
  process.exitCode = runPlanCommand(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(maskSecrets(s)),
    stderr: (s) => process.stderr.write(maskSecrets(s)),
  });
}
