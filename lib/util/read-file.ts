/**
 * Reading a file that a user named (the config, a certificate, a kubeconfig, a chart archive, the output folder):
 * only a regular file, only up to a byte limit checked before reading, never more than that limit plus one byte
 * even if the file grows meanwhile, and, for text, strict UTF-8. A FIFO, socket, device or folder is refused at
 * once, without being opened for reading (a FIFO would block, /dev/zero never ends). No reason ever quotes what is
 * in the file: a certificate path that names a dotenv file must not print its first line into a CI log.
 */
// The module object itself (not a namespace copy), so that tests can count the reads on it.
import fs = require('fs');

/** Why a file was not read; `reason` follows the file's name or field ("is a FIFO (named pipe); ..."). */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** The system's error code (ENOENT, EACCES, ...) when the system refused; undefined when these checks did. */
    readonly code?: string,
  ) {
    super(`${file} ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

/** 1 MiB, for the limits below and in their callers. */
export const MIB = 1024 * 1024;

/** "4 MiB", "256 KiB", "1000 bytes": a byte count as the README and messages state limits. */
export function formatBytes(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** What a stat says the path is, when it is not a regular file. */
function notRegular(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  // Stryker disable next-line StringLiteral: fs.Stats has no other kind of file on the platforms Node supports
  return 'not a regular file';
}

function checkStat(file: string, stat: fs.Stats, maxBytes: number): void {
  const kind = notRegular(stat);
  if (kind) throw new UnreadableFileError(file, `is ${kind}; only a regular file can be read`);
  if (stat.size > maxBytes) throw new UnreadableFileError(file, `is ${stat.size} bytes; at most ${formatBytes(maxBytes)} (${maxBytes} bytes) are read`);
}

function failure(file: string, e: unknown): UnreadableFileError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOENT') return new UnreadableFileError(file, 'does not exist', code);
  if (code === 'EACCES' || code === 'EPERM') return new UnreadableFileError(file, 'cannot be read (permission denied)', code);
  // An fs error names the path and the system call, never the content.
  return new UnreadableFileError(file, `cannot be read: ${(e as Error).message}`, code);
}

/** How many bytes `readBytes` asks the system for at most per call (tests count the calls). */
export const READ_CHUNK_BYTES = 64 * 1024;

/**
 * The bytes of the regular file `file`, at most `maxBytes` of them. Stats the path first (nothing but a regular
 * file of at most `maxBytes` is opened), opens it non-blocking and checks the opened file again (it may have been
 * swapped for a FIFO in between), then reads at most `maxBytes + 1` bytes: a file that grew past the limit is
 * refused, never read to its end. Throws UnreadableFileError.
 */
export function readBytes(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    checkStat(file, fs.statSync(file), maxBytes);
    // O_NONBLOCK: opening a FIFO swapped in after the stat returns at once instead of waiting for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw e instanceof UnreadableFileError ? e : failure(file, e);
  }
  try {
    const stat = fs.fstatSync(fd);
    checkStat(file, stat, maxBytes);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, Math.min(READ_CHUNK_BYTES, buffer.length - length), null);
      length += n;
      if (n === 0 || length === buffer.length) break;
    }
    if (length > maxBytes) throw new UnreadableFileError(file, `grew past ${formatBytes(maxBytes)} (${maxBytes} bytes) while being read`);
    return buffer.subarray(0, length);
  } catch (e) {
    throw e instanceof UnreadableFileError ? e : failure(file, e);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `bytes` as UTF-8 text, refusing anything that is not UTF-8 (no silent replacement characters). A leading byte
 * order mark is dropped. Throws UnreadableFileError naming `file`.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new UnreadableFileError(file, `is not UTF-8 text (an invalid byte sequence on line ${at.line}, at byte offset ${at.offset}); save it as UTF-8`);
  }
}

/**
 * Where the first byte sequence that is not UTF-8 starts (line and byte offset, for the message; the bytes are not
 * shown). Walks the lossy decoding: each code point advances by its UTF-8 length, and the first U+FFFD that is not
 * a literal EF BF BD in the file marks the spot.
 */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; offset: number } {
  let offset = 0;
  let line = 1;
  for (const char of new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)) {
    if (char === '\uFFFD' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    if (char === '\n') line++;
    offset += Buffer.byteLength(char);
  }
  return { line, offset };
}

/** The UTF-8 text of the regular file `file` of at most `maxBytes` bytes (see readBytes, decodeUtf8). */
export function readTextFile(file: string, maxBytes: number): string {
  return decodeUtf8(file, readBytes(file, maxBytes));
}
