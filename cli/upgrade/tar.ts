/**
 * A small reader for gzip-compressed tar archives (what `helm package` / `helm pull` produce): ustar and GNU
 * headers, GNU long names (`L`) and pax `path` records (`x`). Regular files only; links and devices are skipped.
 * A truncated archive is an error. Proven against archives that GNU tar writes in each format
 * (__tests__/upgrade-check.test.ts) and against the packaged CodeCanvas chart in the cluster tier.
 */
import { gunzipSync } from 'zlib';

const BLOCK = 512;

/**
 * Largest chart read, packed and unpacked (bytes): Helm's own limit on a decompressed chart, so anything larger is
 * not a chart Helm would install, and a gzip bomb stops there.
 */
export const MAX_CHART_BYTES = 100 * 1024 * 1024;

/** Every regular file of a `.tgz`, by its path inside the archive (at most MAX_CHART_BYTES unpacked). */
export function readTgz(archive: Buffer): Map<string, Buffer> {
  return readTar(gunzipSync(archive, { maxOutputLength: MAX_CHART_BYTES }));
}

export function readTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  for (;;) {
    if (offset + BLOCK > tar.length) throw new Error(`truncated tar archive (it ends at byte ${tar.length} without the end-of-archive blocks)`);
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end of archive
    if (!checksumOk(header)) throw new Error(`not a tar archive (bad header checksum at byte ${offset})`);
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    if (offset + BLOCK + size > tar.length) throw new Error(`truncated tar archive (an entry of ${size} bytes at byte ${offset} runs past its end at ${tar.length})`);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(body);
      continue;
    }
    if (type === 'x') {
      paxPath = paxRecords(body).path ?? paxPath;
      continue;
    }
    const prefix = header.subarray(257, 263).toString('latin1').startsWith('ustar') ? text(header.subarray(345, 500)) : '';
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    longName = undefined;
    paxPath = undefined;
    // A NUL type flag (pre-POSIX tar) reads as '0' above.
    if (type === '0' || type === '7') files.set(name.replace(/^\.\//, ''), Buffer.from(body));
  }
  return files;
}

function text(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

function octal(b: Buffer): number {
  const s = text(b).trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === octal(header.subarray(148, 156));
}

/** pax extended header records: `<length> <key>=<value>\n`. */
function paxRecords(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  // Stryker disable next-line EqualityOperator: at === body.length finds no space below and stops there.
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with no space (or one at the very start) the length below is not a positive number and stops the loop too.
    if (space < 0) break;
    const length = Number(body.subarray(at, space).toString('latin1'));
    if (!(length > 0)) break;
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    // Stryker disable next-line EqualityOperator: a record `=value` would set the empty key, which nothing reads.
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}
