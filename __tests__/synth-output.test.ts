// What synth tells its user and where it writes by default (cli/synth-output.ts), called directly, each text exactly.
import { keptNote, outputDir, printWarnings, synthesizedLine } from '../cli/synth-output';

describe('synth output', () => {
  it('writes to CDK8S_OUTDIR, else CDK8S_OUTPUT, else dist; an empty variable counts as unset', () => {
    expect(outputDir({})).toBe('dist');
    expect(outputDir({ CDK8S_OUTDIR: 'a', CDK8S_OUTPUT: 'b' })).toBe('a');
    expect(outputDir({ CDK8S_OUTPUT: 'b' })).toBe('b');
    expect(outputDir({ CDK8S_OUTDIR: '', CDK8S_OUTPUT: 'b' })).toBe('b');
    expect(outputDir({ CDK8S_OUTDIR: '', CDK8S_OUTPUT: '' })).toBe('dist');
  });

  it('prints each warning, then each note, one line each', () => {
    const lines: string[] = [];
    printWarnings({ warnings: ['w1', 'w2'], notes: ['n1'] }, (s) => lines.push(s));
    expect(lines).toEqual(['warning: w1\n', 'warning: w2\n', 'note: n1\n']);
    const none: string[] = [];
    printWarnings({ warnings: [] }, (s) => none.push(s));
    expect(none).toEqual([]);
  });

  it('says what it synthesized where, and which files it kept', () => {
    expect(synthesizedLine('/c/codecanvas.yaml', 'dist', 12)).toBe('synthesized /c/codecanvas.yaml into dist/ (12 files)\n');
    expect(keptNote('dist', [])).toBeUndefined();
    expect(keptNote('dist', ['README.md'])).toBe('note: kept 1 file(s) in dist/ that synth did not write: README.md\n');
    expect(keptNote('out', ['a.txt', 'b/c.txt'])).toBe('note: kept 2 file(s) in out/ that synth did not write: a.txt, b/c.txt\n');
  });
});
