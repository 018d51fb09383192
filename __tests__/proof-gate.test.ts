// The rule every proof that needs something from outside follows (test/proof-gate.ts): skipped locally with one line,
// failing under CI. Here the CI switch itself; the cluster tiers use the gate for every missing binary or fixture.
import { underCi } from '../test/proof-gate';

describe('underCi', () => {
  test.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('env %p is CI: %p', (env, expected) => {
    expect(underCi(env as NodeJS.ProcessEnv)).toBe(expected);
  });
});
