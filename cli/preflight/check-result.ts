/** A preflight check's result, and the helpers the checks build results with. */
import { ObjectView } from './cluster-reader';

// ---- results ----------------------------------------------------------------------------------------------------

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  /** Stable identifier, such as `kubernetes-version` or `secret:codecanvas/codecanvas-db-secret-ext`. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do about it (always given for fail and warn). */
  readonly fix?: string;
}


export const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'pass', detail });
export const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: 'fail', detail, fix });
export const warn = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: 'warn', detail, fix });

export function isTerminating(obj: ObjectView): boolean {
  return !!obj.metadata.deletionTimestamp || obj.status?.phase === 'Terminating';
}

export interface CheckSummary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  return {
    pass: results.filter((r) => r.status === 'pass').length,
    fail: results.filter((r) => r.status === 'fail').length,
    warn: results.filter((r) => r.status === 'warn').length,
  };
}
