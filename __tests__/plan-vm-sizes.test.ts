// The VM size table and its lookups (cli/plan/vm-sizes.ts), called directly: every line of the table with its
// figures and source (a removed or changed size fails), the normalization of names, the burstable refusal, the edit
// distance, the close-match filter and order, and the exact text of every refusal.
import {
  BURSTABLE_REASON,
  PlanInputError,
  VM_FAMILIES,
  VM_SERIES,
  VM_SIZES,
  closeVmSizeMatches,
  editDistance,
  findVmSize,
  isBurstableVmSize,
  lookupVmSize,
  vmSizeKey,
} from '../cli/plan/vm-sizes';
import { refusal } from './plan-refusal';


const LEARN = 'https://learn.microsoft.com/azure/virtual-machines/';

/**
 * Every line of VM_SERIES: series, family, name pattern, source page (after the Learn prefix) and its sizes as
 * vCPU/GiB. Written out so that a dropped, added or changed size, pattern or source fails here.
 */
const TABLE = [
  'Av2 A A#_v2 sizes/general-purpose/av2-series: 1/2 2/4 4/8 8/16',
  'Av2 A A#m_v2 sizes/general-purpose/av2-series: 2/16 4/32 8/64',
  'Dv3 D D#_v3 sizes/general-purpose/dv3-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256',
  'Dsv3 D D#s_v3 sizes/general-purpose/dsv3-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256',
  'Dv4 D D#_v4 sizes/general-purpose/dv4-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256',
  'Dsv4 D D#s_v4 sizes/general-purpose/dsv4-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256',
  'Ddsv4 D D#ds_v4 sizes/general-purpose/ddsv4-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256',
  'Dv5 D D#_v5 sizes/general-purpose/dv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Ddv5 D D#d_v5 sizes/general-purpose/ddv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Dsv5 D D#s_v5 sizes/general-purpose/dsv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Ddsv5 D D#ds_v5 sizes/general-purpose/ddsv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Dasv5 D D#as_v5 sizes/general-purpose/dasv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Dadsv5 D D#ads_v5 sizes/general-purpose/dadsv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Dlsv5 D D#ls_v5 sizes/general-purpose/dlsv5-series: 2/4 4/8 8/16 16/32 32/64 48/96 64/128 96/192',
  'Dldsv5 D D#lds_v5 sizes/general-purpose/dldsv5-series: 2/4 4/8 8/16 16/32 32/64 48/96 64/128 96/192',
  'Dsv6 D D#s_v6 sizes/general-purpose/dsv6-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384 128/512 192/768',
  'DCasv5 DC DC#as_v5 sizes/general-purpose/dcasv5-series: 2/8 4/16 8/32 16/64 32/128 48/192 64/256 96/384',
  'Ev3 E E#_v3 ev3-esv3-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/432',
  'Ev3 E E#i_v3 ev3-esv3-series: 64/432',
  'Esv3 E E#s_v3 ev3-esv3-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/432',
  'Esv3 E E#is_v3 ev3-esv3-series: 64/432',
  'Ev4 E E#_v4 sizes/memory-optimized/ev4-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/504',
  'Esv4 E E#s_v4 sizes/memory-optimized/esv4-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/504',
  'Esv4 E E#is_v4 sizes/memory-optimized/esv4-series: 80/504',
  'Edsv4 E E#ds_v4 sizes/memory-optimized/edsv4-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/504',
  'Edsv4 E E#ids_v4 sizes/memory-optimized/edsv4-series: 80/504',
  'Ev5 E E#_v5 sizes/memory-optimized/ev5-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/512 96/672',
  'Ev5 E E#i_v5 sizes/memory-optimized/ev5-series: 104/672',
  'Esv5 E E#s_v5 sizes/memory-optimized/esv5-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/512 96/672',
  'Esv5 E E#is_v5 sizes/memory-optimized/esv5-series: 104/672',
  'Edsv5 E E#ds_v5 sizes/memory-optimized/edsv5-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/512 96/672',
  'Edsv5 E E#ids_v5 sizes/memory-optimized/edsv5-series: 104/672',
  'Easv5 E E#as_v5 sizes/memory-optimized/easv5-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/512 96/672',
  'Easv5 E E#ias_v5 sizes/memory-optimized/easv5-series: 112/672',
  'ECasv5 EC EC#as_v5 sizes/memory-optimized/ecasv5-ecadsv5-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/512 96/672',
  'ECadsv5 EC EC#ads_v5 sizes/memory-optimized/ecasv5-ecadsv5-series: 2/16 4/32 8/64 16/128 20/160 32/256 48/384 64/512 96/672',
  'Fs F F#s sizes-previous-gen#fs-series: 1/2 2/4 4/8 8/16 16/32',
  'Fsv2 F F#s_v2 sizes/compute-optimized/fsv2-series: 2/4 4/8 8/16 16/32 32/64 48/96 64/128 72/144',
  'Lsv3 L L#s_v3 sizes/storage-optimized/lsv3-series: 8/64 16/128 32/256 48/384 64/512 80/640',
  'M M M#ms sizes/memory-optimized/m-series: 8/218.75 16/437.5 32/875 64/1792 128/3892',
  'M M M#ts sizes/memory-optimized/m-series: 32/192',
  'M M M#ls sizes/memory-optimized/m-series: 32/256 64/512',
  'M M M#s sizes/memory-optimized/m-series: 64/1024 128/2048',
  'M M M# sizes/memory-optimized/m-series: 64/1024 128/2048',
  'M M M#m sizes/memory-optimized/m-series: 64/1792 128/3892',
  'Msv2 M M#s_v2 msv2-mdsv2-series: 64/1024 128/2048',
  'Msv2 M M#ms_v2 msv2-mdsv2-series: 32/875 64/1792 128/3892',
  'Msv2 M M#is_v2 msv2-mdsv2-series: 192/2048',
  'Msv2 M M#ims_v2 msv2-mdsv2-series: 192/4096',
  'Mdsv2 M M#ds_v2 msv2-mdsv2-series: 64/1024 128/2048',
  'Mdsv2 M M#dms_v2 msv2-mdsv2-series: 32/875 64/1792 128/3892',
  'Mdsv2 M M#ids_v2 msv2-mdsv2-series: 192/2048',
  'Mdsv2 M M#idms_v2 msv2-mdsv2-series: 192/4096',
  'Mv2 M M#s_v2 sizes/memory-optimized/mv2-series: 208/2850 416/5700',
  'Mv2 M M#ms_v2 sizes/memory-optimized/mv2-series: 208/5700 416/11400',
  'Mv2 M M#s_8_v2 sizes/memory-optimized/mv2-series: 416/7600',
  'NCv3 N NC#s_v3 sizes/gpu-accelerated/ncv3-series: 6/112 12/224 24/448',
  'NCv3 N NC#rs_v3 sizes/gpu-accelerated/ncv3-series: 24/448',
  'NCasT4_v3 N NC#as_T4_v3 sizes/gpu-accelerated/ncast4v3-series: 4/28 8/56 16/110 64/440',
  'NC_A100_v4 N NC#ads_A100_v4 sizes/gpu-accelerated/nca100v4-series: 24/220 48/440 96/880',
  'NVadsA10_v5 N NV#ads_A10_v5 sizes/gpu-accelerated/nvadsa10v5-series: 6/55 12/110 18/220 36/440 72/880',
  'NVadsA10_v5 N NV#adms_A10_v5 sizes/gpu-accelerated/nvadsa10v5-series: 36/880',
  'NDasrA100_v4 N ND#asr_v4 sizes/gpu-accelerated/ndasra100v4-series: 96/900',
  'HBv3 H HB#rs_v3 sizes/high-performance-compute/hbv3-series: 120/448',
  'HBv3 H HB120-#rs_v3 sizes/high-performance-compute/hbv3-series: 16/448 32/448 64/448 96/448',
  'HBv4 H HB#rs_v4 sizes/high-performance-compute/hbv4-series: 176/768',
  'HBv4 H HB176-#rs_v4 sizes/high-performance-compute/hbv4-series: 24/768 48/768 96/768 144/768',
  'HC H HC#rs sizes/high-performance-compute/hc-series: 44/352',
  'HC H HC44-#rs sizes/high-performance-compute/hc-series: 16/352 32/352',
  'HX H HX#rs sizes/high-performance-compute/hx-series: 176/1408',
  'HX H HX176-#rs sizes/high-performance-compute/hx-series: 24/1408 48/1408 96/1408 144/1408',
];

describe('the VM size table', () => {
  it('has exactly these series lines, in this order', () => {
    const lines = VM_SERIES.map((s) => {
      expect(s.source.startsWith(LEARN)).toBe(true);
      return `${s.series} ${s.family} ${s.pattern} ${s.source.slice(LEARN.length)}: ${s.sizes.map(([v, m]) => `${v}/${m}`).join(' ')}`;
    });
    expect(lines).toEqual(TABLE);
  });

  it('lists every size of every line once, in table order, named by its pattern', () => {
    expect(VM_SIZES).toHaveLength(314);
    expect(VM_SIZES).toHaveLength(VM_SERIES.reduce((n, s) => n + s.sizes.length, 0));
    let i = 0;
    for (const line of VM_SERIES) {
      for (const [vcpu, memoryGib] of line.sizes) {
        const [before, after] = line.pattern.split('#');
        expect(VM_SIZES[i++]).toEqual({ name: `Standard_${before}${vcpu}${after}`, family: line.family, series: line.series, vcpu, memoryGib });
      }
    }
    expect(VM_SIZES[0]).toEqual({ name: 'Standard_A1_v2', family: 'A', series: 'Av2', vcpu: 1, memoryGib: 2 });
    expect(VM_SIZES[313]).toEqual({ name: 'Standard_HX176-144rs', family: 'H', series: 'HX', vcpu: 144, memoryGib: 1408 });
  });

  it('is frozen, the list and each size', () => {
    expect(Object.isFrozen(VM_SIZES)).toBe(true);
    expect(VM_SIZES.every((s) => Object.isFrozen(s))).toBe(true);
  });

  it('names the families in the order the unknown-size message lists them', () => {
    expect(VM_FAMILIES).toEqual(['A', 'D', 'DC', 'E', 'EC', 'F', 'H', 'L', 'M', 'N']);
    expect([...new Set(VM_SERIES.map((s) => s.family))].sort()).toEqual([...VM_FAMILIES].sort());
  });
});

describe('vmSizeKey', () => {
  it.each<[string, string]>([
    ['Standard_D4s_v3', 'd4sv3'],
    ['D4s_v3', 'd4sv3'],
    ['standard d4s v3', 'd4sv3'],
    ['D4sv3', 'd4sv3'],
    ['  Standard_D4s_v3  ', 'd4sv3'],
    ['STANDARD-HB120-96RS_V3', 'hb12096rsv3'],
    ['Standard _-_ E64s_v3', 'e64sv3'],
    ['StandardD4', 'd4'],
    ['Standard', ''],
    ['my standard_d4', 'mystandardd4'],
    ['D4s.v3 (x)', 'd4sv3x'],
    ['', ''],
  ])('%j is %j', (name, key) => {
    expect(vmSizeKey(name)).toBe(key);
  });
});

describe('isBurstableVmSize', () => {
  it.each(['Standard_B4ms', 'B2s', 'standard b8ms', 'Standard_B2ts_v2', ' b16als_v2', 'B1ls'])('%j is burstable', (name) => {
    expect(isBurstableVmSize(name)).toBe(true);
  });
  it.each(['Standard_HB120rs_v3', 'Standard_D4s_v3', 'Standard_Basic', 'B', 'Standard_NC4as_T4_v3', 'xb2'])('%j is not', (name) => {
    expect(isBurstableVmSize(name)).toBe(false);
  });
});

describe('editDistance', () => {
  it.each<[string, string, number]>([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['d4sv3', 'd4sv3', 0],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['ab', 'ba', 2],
    ['d65sv3', 'd64sv3', 1],
    ['d4sv3', 'd4sv33', 1],
    ['hc44xyz', 'hc44rs', 3],
    ['abcdef', 'azced', 3],
  ])('%j to %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closeVmSizeMatches', () => {
  it('orders by distance, then vCPU, then name', () => {
    expect(closeVmSizeMatches('D4Z_v3', 50)).toEqual([
      // distance 1
      'Standard_D4_v3', 'Standard_D4s_v3', 'Standard_D48_v3',
      // distance 2: 2 vCPU, 4 vCPU (by name, not table order), 8, 16, 32, 48, 64
      'Standard_D2_v3', 'Standard_D2s_v3',
      'Standard_D4_v4', 'Standard_D4_v5', 'Standard_D4d_v5', 'Standard_D4s_v4', 'Standard_D4s_v5', 'Standard_D4s_v6', 'Standard_E4_v3', 'Standard_E4s_v3',
      'Standard_D8_v3', 'Standard_D8s_v3', 'Standard_D16_v3', 'Standard_D32_v3',
      'Standard_D48_v4', 'Standard_D48_v5', 'Standard_D48s_v3', 'Standard_E48_v3',
      'Standard_D64_v3', 'Standard_D64s_v3',
    ]);
  });

  it('returns five by default, or the limit given', () => {
    expect(closeVmSizeMatches('D4Z_v3')).toEqual(['Standard_D4_v3', 'Standard_D4s_v3', 'Standard_D48_v3', 'Standard_D2_v3', 'Standard_D2s_v3']);
    expect(closeVmSizeMatches('D4Z_v3', 2)).toEqual(['Standard_D4_v3', 'Standard_D4s_v3']);
  });

  it('orders a farther size with fewer vCPU after a nearer one with more', () => {
    expect(closeVmSizeMatches('hc4416rsxx')).toEqual(['Standard_HC44-16rs', 'Standard_HC44-32rs', 'Standard_HC44rs']);
  });

  it('keeps sizes up to max(2, ceil(length / 3)) edits away', () => {
    // "q1": 2 characters, so 2 edits (not fewer): F1s is exactly 2 away.
    expect(closeVmSizeMatches('q1')).toEqual(['Standard_F1s']);
    // "hc44xyz": 7 characters, so ceil(7 / 3) = 3 edits (not 2): HC44rs is exactly 3 away, nothing nearer.
    expect(closeVmSizeMatches('hc44xyz')).toEqual(['Standard_HC44rs']);
    expect(closeVmSizeMatches('hx176xyz')).toEqual(['Standard_HX176rs']);
    // "hc4416rsxx": 10 characters, so 4 edits; HC44-32rs and HC44rs are 4 away.
    expect(closeVmSizeMatches('hc4416rsxx', 50)).toHaveLength(3);
    expect(closeVmSizeMatches('ZZ9000')).toEqual([]);
    expect(closeVmSizeMatches('abcdefg')).toEqual([]);
  });

  it('normalizes the name first and gives nothing for an empty one', () => {
    expect(closeVmSizeMatches('standard hc45 RS')).toEqual(['Standard_HC44rs']);
    expect(closeVmSizeMatches('')).toEqual([]);
    expect(closeVmSizeMatches('Standard_')).toEqual([]);
    expect(closeVmSizeMatches(' _ ')).toEqual([]);
  });
});

describe('findVmSize', () => {
  it('finds a size by any usual spelling, and nothing else', () => {
    const d4 = { name: 'Standard_D4s_v3', family: 'D', series: 'Dsv3', vcpu: 4, memoryGib: 16 };
    expect(findVmSize('standard d4s v3')).toEqual(d4);
    expect(findVmSize('D4sv3')).toEqual(d4);
    expect(findVmSize('Standard_D5s_v3')).toBeUndefined();
    expect(findVmSize('')).toBeUndefined();
    // No refusal here: a B size is simply not in the table.
    expect(findVmSize('Standard_B4ms')).toBeUndefined();
  });
});

describe('lookupVmSize', () => {
  it('returns the table entry', () => {
    expect(lookupVmSize('m416s 8 v2')).toEqual({ name: 'Standard_M416s_8_v2', family: 'M', series: 'Mv2', vcpu: 416, memoryGib: 7600 });
  });

  it('refuses an empty name', () => {
    expect(refusal(() => lookupVmSize(' - '))).toEqual({
      option: '--vm-size',
      value: ' - ',
      message: '--vm-size: " - "; must name an Azure VM size such as Standard_D32s_v3',
    });
  });

  it('refuses a burstable size with the guide reason', () => {
    expect(BURSTABLE_REASON).toBe(
      'B-family sizes are burstable: they run at a low baseline and spend CPU credits to go above it, so sustained ' +
        'dev-environment load (builds, indexing) exhausts the credits and the node is throttled. The install guide says ' +
        'to avoid burstable instance types and use compute- or memory-optimized types: Standard D (general purpose), ' +
        'E (memory optimized) or F (compute optimized).',
    );
    expect(refusal(() => lookupVmSize('Standard_B4ms'))).toEqual({
      option: '--vm-size',
      value: 'Standard_B4ms',
      message: `--vm-size: "Standard_B4ms"; is refused: ${BURSTABLE_REASON}`,
    });
  });

  it('refuses an unknown size with its close matches', () => {
    expect(refusal(() => lookupVmSize('Standard_D65s_v3'))).toEqual({
      option: '--vm-size',
      value: 'Standard_D65s_v3',
      message:
        '--vm-size: "Standard_D65s_v3"; is not a known size (close matches: Standard_D64s_v3, Standard_D2s_v3, Standard_D4s_v3, ' +
        'Standard_D8s_v3, Standard_D16s_v3); for another size give its figures with --vcpu N --memory-gib N',
    });
  });

  it('refuses an unknown size with nothing close by naming the families', () => {
    expect(refusal(() => lookupVmSize('ZZ9000')).message).toBe(
      '--vm-size: "ZZ9000"; is not a known size (see the A, D, DC, E, EC, F, H, L, M, N family sizes in cli/plan/vm-sizes.ts); ' +
        'for another size give its figures with --vcpu N --memory-gib N',
    );
  });

  it('names the option it is given', () => {
    expect(refusal(() => lookupVmSize('', '--node-size')).message).toBe('--node-size: ""; must name an Azure VM size such as Standard_D32s_v3');
    expect(refusal(() => lookupVmSize('B2s', '--node-size')).option).toBe('--node-size');
    expect(refusal(() => lookupVmSize('q1', '--node-size')).message).toBe(
      '--node-size: "q1"; is not a known size (close matches: Standard_F1s); for another size give its figures with --vcpu N --memory-gib N',
    );
  });
});

describe('PlanInputError', () => {
  it('names the option, the value as JSON (or "missing") and the rule', () => {
    const e = new PlanInputError('--developers', 'abc', 'must be a number');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PlanInputError');
    expect(e.message).toBe('--developers: "abc"; must be a number');
    expect([e.option, e.value, e.rule]).toEqual(['--developers', 'abc', 'must be a number']);
    expect(new PlanInputError('--x', undefined, 'must be given').message).toBe('--x: missing; must be given');
    expect(new PlanInputError('--x', 0, 'must be more').message).toBe('--x: 0; must be more');
    expect(new PlanInputError('--x', null, 'must be more').message).toBe('--x: null; must be more');
  });
});
