/**
 * Jest's `describe.each([])` / `test.each([])` throw "`.each` called with an empty Array of table data", which
 * turns a missing binary into a failed run. These register one skipped test naming the reason instead.
 */

/** One `describe` per case; a skipped test with `skipReason` when there are none. */
export function describeEachOrSkip<T>(cases: readonly T[], skipReason: string, title: (c: T) => string, body: (c: T) => void): void {
  if (cases.length === 0) {
    test.skip(skipReason, () => undefined);
    return;
  }
  for (const c of cases) describe(title(c), () => body(c));
}

/** One `test` per case; a skipped test with `skipReason` when there are none. */
export function testEachOrSkip<T>(cases: readonly T[], skipReason: string, title: (c: T) => string, fn: (c: T) => void, timeout?: number): void {
  if (cases.length === 0) {
    test.skip(skipReason, () => undefined);
    return;
  }
  for (const c of cases) test(title(c), () => fn(c), timeout);
}
