import { PlanInputError } from '../cli/plan/vm-sizes';

/** The PlanInputError `fn` throws, as its option, value and message; fails when it throws none or another error. */
export function refusal(fn: () => unknown): { option: string; value: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlanInputError) return { option: e.option, value: e.value, message: e.message };
    throw e;
  }
  throw new Error('expected a PlanInputError');
}
