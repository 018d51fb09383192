/**
 * What a proof does when something it needs is missing here (a binary, the chart fixture, `unshare`, `ssh-keygen`).
 * Locally it registers one skipped test whose title says what is missing and prints that line once. Under CI
 * (env CI=true, as `.ci/run` is run) a proof that cannot run is a failure, not a skip: it registers one failing test
 * with the same line, so a green CI run means every proof ran.
 */

/** Whether this run is CI's: env CI is "true" or "1". */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/** Registers the stand-in for a proof that cannot run: skipped locally, failing under CI. */
export function cannotRun(what: string, reason: string): void {
  const line = `${what}: cannot run: ${reason}`;
  if (underCi()) {
    test(line, () => {
      throw new Error(`${line} (under CI every proof must run)`);
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`skipped: ${line}`);
  test.skip(line, () => undefined);
}

/** `describe(title, body)` when `reason` is undefined; otherwise the stand-in of cannotRun. */
export function describeOrCannotRun(reason: string | undefined, title: string, body: () => void): void {
  if (reason === undefined) describe(title, body);
  else cannotRun(title, reason);
}

/** `test(title, fn, timeout)` when `reason` is undefined; otherwise the stand-in of cannotRun. */
export function testOrCannotRun(reason: string | undefined, title: string, fn: () => unknown, timeout?: number): void {
  if (reason === undefined) test(title, fn as jest.ProvidesCallback, timeout);
  else cannotRun(title, reason);
}

/** One `describe` per case; the stand-in of cannotRun (with `reason`) when there are none. */
export function describeEachOrCannotRun<T>(cases: readonly T[], reason: string, title: (c: T) => string, body: (c: T) => void): void {
  if (cases.length === 0) cannotRun('every case', reason);
  for (const c of cases) describe(title(c), () => body(c));
}

/** One `test` per case; the stand-in of cannotRun (with `reason`) when there are none. */
export function testEachOrCannotRun<T>(cases: readonly T[], reason: string, title: (c: T) => string, fn: (c: T) => unknown, timeout?: number): void {
  if (cases.length === 0) cannotRun('every case', reason);
  for (const c of cases) test(title(c), () => fn(c) as void, timeout);
}
