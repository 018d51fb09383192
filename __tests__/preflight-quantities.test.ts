// Resource quantities and API server versions as preflight reads them, and CPU / memory as its messages show them.
import { formatCpu, formatMemory, parseKubernetesVersion, parseQuantity } from '../cli/preflight/quantities';

test.each([
  ['4', 4],
  [' 3860m ', 3.86],
  ['1.25', 1.25],
  ['.25', 0.25],
  ['2.', 2],
  ['15Gi', 15 * 2 ** 30],
  ['16393216Ki', 16393216 * 1024],
  ['500M', 5e8],
  ['1e12', 1e12],
  ['25e-1', 2.5],
  ['-2k', -2000],
  ['+3', 3],
])('parseQuantity(%j) is %d', (text, value) => {
  expect(parseQuantity(text)).toBeCloseTo(value, 9);
});

test.each(['', 'Gi', '1.2.3', '5 Gi', '1e', 'e3', '10x', '1Ki2', '--1'])('%j is not a quantity', (text) => {
  expect(parseQuantity(text)).toBeUndefined();
});

test('parseQuantity of nothing is nothing', () => {
  expect(parseQuantity(undefined)).toBeUndefined();
});

test.each([
  ['v1.29.15', { major: 1, minor: 29, patch: 15 }],
  [' v1.30.2-eks-1552ad0 ', { major: 1, minor: 30, patch: 2 }],
  ['1.31', { major: 1, minor: 31, patch: undefined }],
  ['v12.3.4', { major: 12, minor: 3, patch: 4 }],
])('parseKubernetesVersion(%j)', (gitVersion, version) => {
  expect(parseKubernetesVersion(gitVersion)).toEqual(version);
  expect(parseKubernetesVersion({ gitVersion })).toEqual(version);
});

test('without a readable gitVersion, major and minor are read ("29+" as 29); a version must start the text', () => {
  expect(parseKubernetesVersion({ gitVersion: 'unknown', major: '12', minor: '29+' })).toEqual({ major: 12, minor: 29 });
  expect(parseKubernetesVersion({ major: '1', minor: '30' })).toEqual({ major: 1, minor: 30 });
  expect(parseKubernetesVersion('build v1.29.1')).toBeUndefined();
  expect(parseKubernetesVersion({ major: 'x1', minor: '29' })).toBeUndefined();
  expect(parseKubernetesVersion({ major: '1', minor: 'x29' })).toBeUndefined();
  expect(parseKubernetesVersion({ major: '1' })).toBeUndefined();
  expect(parseKubernetesVersion({ minor: '29' })).toBeUndefined();
  expect(parseKubernetesVersion({})).toBeUndefined();
});

test('formatCpu: whole cores as they are, the rest in millicores; unknown as ?', () => {
  expect(formatCpu(4)).toBe('4');
  expect(formatCpu(3.86)).toBe('3860m');
  expect(formatCpu(undefined)).toBe('?');
});

test('formatMemory: GiB, one decimal below 10; unknown as ?', () => {
  expect(formatMemory(10 * 2 ** 30)).toBe('10 GiB');
  expect(formatMemory(15.6 * 2 ** 30)).toBe('16 GiB');
  expect(formatMemory(9.96 * 2 ** 30)).toBe('10.0 GiB');
  expect(formatMemory(2.25 * 2 ** 30)).toBe('2.3 GiB');
  expect(formatMemory(undefined)).toBe('?');
});
