// scripts/mutation.js, the runner behind `npm run test:mutation`: which Stryker runs it makes, and the concurrency it
// records beside each report (scripts/mutation-table.js prints it in the table of runs).
import * as path from 'path';
import { ROOT } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { concurrencyOf, runsOf } = require(path.join(ROOT, 'scripts', 'mutation.js')) as {
  concurrencyOf: (passThrough: readonly string[]) => number;
  runsOf: (args: readonly string[], parts: Record<string, Record<string, string[]>>) => { folder: string; part?: string }[];
};

describe('the concurrency recorded for a run', () => {
  const saved = process.env.STRYKER_CONCURRENCY;
  afterEach(() => {
    if (saved === undefined) delete process.env.STRYKER_CONCURRENCY;
    else process.env.STRYKER_CONCURRENCY = saved;
  });

  test('is the one passed to Stryker, in each of its spellings, over the environment', () => {
    process.env.STRYKER_CONCURRENCY = '4';
    expect(concurrencyOf(['--force', '--concurrency', '1'])).toBe(1);
    expect(concurrencyOf(['--concurrency=3', '--force'])).toBe(3);
    expect(concurrencyOf(['-c', '1'])).toBe(1);
  });

  test("is the environment's STRYKER_CONCURRENCY without the option, and the config's 2 without either", () => {
    process.env.STRYKER_CONCURRENCY = '4';
    expect(concurrencyOf(['--force'])).toBe(4);
    delete process.env.STRYKER_CONCURRENCY;
    expect(concurrencyOf([])).toBe(2);
  });
});

test('a split folder runs once per part, a folder:part runs that part, and an unknown part is refused', () => {
  const parts = { 'lib/config': { schema: ['lib/config/schema.ts'], rest: ['lib/config/**/*.ts'] } };
  expect(runsOf(['lib/config', 'lib/util/'], parts)).toEqual([
    { folder: 'lib/config', part: 'schema' },
    { folder: 'lib/config', part: 'rest' },
    { folder: 'lib/util' },
  ]);
  expect(runsOf(['lib/config/:rest'], parts)).toEqual([{ folder: 'lib/config', part: 'rest' }]);
  expect(() => runsOf(['lib/config:nope'], parts)).toThrow('lib/config:nope: lib/config has no part nope in MUTATION_PARTS');
});
