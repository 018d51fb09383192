/**
 * Files a user names are read only when they are regular files within a byte limit, checked before reading, and
 * read with a bound; text must be UTF-8. Each refusal names the file or field and quotes nothing from the file.
 * The tests bound work (bytes read, read calls), never time: a FIFO or /dev/zero would hang or grow memory
 * without these checks, so reaching the assertions at all is part of the proof.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { secretSourceFor } from '../lib/charts/secret-source-for';
import { ConfigError } from '../lib/config/errors';
import { loadConfigFile, MAX_CERTIFICATE_BYTES, MAX_CONFIG_BYTES, parseConfig } from '../lib/config/load';
import { KeysCommandIo, runKeysCommand } from '../cli/keys-command';
import { main } from '../cli/main';
import { KubeReaderError, MAX_KUBECONFIG_BYTES, precheckKubeconfig } from '../cli/preflight/kubeconfig-precheck';
import { upgradeCheck, UpgradeCheckError } from '../cli/upgrade/upgrade-check';
import { decodeUtf8, formatBytes, readBytes, readTextFile, READ_CHUNK_BYTES, UnreadableFileError } from '../lib/util/read-file';
import { exampleConfig, minimalConfig, withField } from './helpers';

/**
 * The fs module object itself: `import * as fs` gives each module its own namespace object whose members read
 * through to this one, so a spy on it is what lib/ calls.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof fs = require('fs');

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-read-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const hasMkfifo = spawnSync('mkfifo', ['--version']).error === undefined;
const fifoTest = hasMkfifo && process.platform !== 'win32' ? test : test.skip;
const devZeroTest = fs.existsSync('/dev/zero') ? test : test.skip;

function fifo(name = 'pipe.yaml'): string {
  const file = path.join(work, name);
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

/** A sparse file of `bytes` bytes: its size says so, but no block is written. */
function sparse(bytes: number, name = 'big.yaml'): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, 'namespace: x\n');
  fs.truncateSync(file, bytes);
  return file;
}

function refusal(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
}

/** Counts the bytes `readSync` hands back while `f` runs. */
function bytesRead<T>(f: () => T): { result: T | Error; bytes: number; calls: number } {
  const spy = jest.spyOn(nodeFs, 'readSync');
  try {
    let result: T | Error;
    try {
      result = f();
    } catch (e) {
      result = e as Error;
    }
    const bytes = spy.mock.results.reduce((n, r) => n + (r.type === 'return' ? (r.value as number) : 0), 0);
    return { result, bytes, calls: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

describe('readBytes / readTextFile', () => {
  test('the buffer is the file size plus one byte, not the limit, and the file is closed', () => {
    const file = path.join(work, 'a.txt');
    fs.writeFileSync(file, 'abcd');
    const read = jest.spyOn(nodeFs, 'readSync');
    const close = jest.spyOn(nodeFs, 'closeSync');
    try {
      expect(readBytes(file, 1000).toString()).toBe('abcd');
      expect((read.mock.calls[0][1] as Buffer).length).toBe(5);
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
      close.mockRestore();
    }
  });

  /** The refusal of readBytes when statSync answers `stat` or throws `error`. */
  function refusalWithStat(stat: Partial<Record<keyof fs.Stats, () => boolean>> | Error): UnreadableFileError {
    const kinds = ['isFile', 'isDirectory', 'isFIFO', 'isSocket', 'isCharacterDevice', 'isBlockDevice'] as const;
    const spy = jest.spyOn(nodeFs, 'statSync').mockImplementation((() => {
      if (stat instanceof Error) throw stat;
      return { size: 0, ...Object.fromEntries(kinds.map((k) => [k, () => false])), ...stat };
    }) as unknown as typeof fs.statSync);
    try {
      return refusal(() => readBytes('f.yaml', 10)) as UnreadableFileError;
    } finally {
      spy.mockRestore();
    }
  }

  test('each kind of file that is not regular is named; a system refusal gives its code', () => {
    expect(refusalWithStat({ isBlockDevice: () => true }).message).toBe('f.yaml is a block device; only a regular file can be read');
    expect(refusalWithStat({}).message).toBe('f.yaml is not a regular file; only a regular file can be read');
    const coded = (code: string | undefined, message: string): UnreadableFileError => {
      const e = new Error(message) as NodeJS.ErrnoException;
      if (code) e.code = code;
      return refusalWithStat(e);
    };
    const denied = coded('EACCES', 'x');
    expect([denied.name, denied.message, denied.code]).toEqual(['UnreadableFileError', 'f.yaml cannot be read (permission denied)', 'EACCES']);
    expect([coded('EPERM', 'x').message, coded('EPERM', 'x').code]).toEqual(['f.yaml cannot be read (permission denied)', 'EPERM']);
    expect([coded('ENOENT', 'x').message, coded('ENOENT', 'x').code]).toEqual(['f.yaml does not exist', 'ENOENT']);
    expect([coded('EBUSY', 'busy').message, coded('EBUSY', 'busy').code]).toEqual(['f.yaml cannot be read: busy', 'EBUSY']);
    expect([coded(undefined, 'odd').message, coded(undefined, 'odd').code]).toEqual(['f.yaml cannot be read: odd', 'EIO']);
  });

  test('the first invalid byte is found past literal U+FFFD and not taken for one', () => {
    const offsetOf = (bytes: number[]): string => refusal(() => decodeUtf8('f', Uint8Array.from(bytes))).message;
    const at = (line: number, offset: number): string =>
      `f is not UTF-8 text (an invalid byte sequence on line ${line}, at byte offset ${offset}); save it as UTF-8`;
    expect(offsetOf([0x61, 0xef, 0xbf, 0xbd, 0x0a, 0xff])).toBe(at(2, 5));
    expect(offsetOf([0xff])).toBe(at(1, 0));
    expect(offsetOf([0xff, 0x41, 0xbd])).toBe(at(1, 0));
    expect(offsetOf([0xff, 0xbf, 0xbd])).toBe(at(1, 0));
    expect(offsetOf([0xef, 0x41, 0xbd])).toBe(at(1, 0));
    expect(offsetOf([0xef, 0xbf, 0x41])).toBe(at(1, 0));
  });

  test('a regular file within the limit is read whole, in chunks of at most READ_CHUNK_BYTES', () => {
    const file = path.join(work, 'a.txt');
    fs.writeFileSync(file, 'x'.repeat(3 * READ_CHUNK_BYTES + 5));
    const { result, bytes, calls } = bytesRead(() => readBytes(file, 4 * READ_CHUNK_BYTES));
    expect((result as Buffer).length).toBe(3 * READ_CHUNK_BYTES + 5);
    // Four calls bring the file; a fifth finds its end (it asks for the one byte that would show the file grew).
    expect({ bytes, calls }).toEqual({ bytes: 3 * READ_CHUNK_BYTES + 5, calls: 5 });
  });

  test('a file exactly at the limit is read; one byte more is refused before a byte is read', () => {
    const file = path.join(work, 'a.txt');
    fs.writeFileSync(file, 'abcd');
    expect(readTextFile(file, 4)).toBe('abcd');
    fs.writeFileSync(file, 'abcde');
    const { result, bytes } = bytesRead(() => readTextFile(file, 4));
    expect(result).toBeInstanceOf(UnreadableFileError);
    expect((result as UnreadableFileError).reason).toBe('is 5 bytes; at most 4 bytes (4 bytes) are read');
    expect(bytes).toBe(0);
  });

  test('an empty file is empty text', () => {
    const file = path.join(work, 'empty');
    fs.writeFileSync(file, '');
    expect(readTextFile(file, 10)).toBe('');
  });

  test('a sparse 600 MiB file is refused by its size without reading it', () => {
    const file = sparse(600 * 1024 * 1024);
    const { result, bytes, calls } = bytesRead(() => readTextFile(file, MAX_CONFIG_BYTES));
    expect((result as UnreadableFileError).reason).toBe(`is ${600 * 1024 * 1024} bytes; at most 4 MiB (${MAX_CONFIG_BYTES} bytes) are read`);
    expect({ bytes, calls }).toEqual({ bytes: 0, calls: 0 });
  });

  test('a file that grows after the check is read to the limit plus one byte, then refused', () => {
    const file = path.join(work, 'growing');
    fs.writeFileSync(file, 'x'.repeat(10));
    // The file grows between the stat and the read: fstat reports 10 bytes, the read finds more.
    const realFstat = fs.fstatSync;
    const spy = jest.spyOn(nodeFs, 'fstatSync').mockImplementation(((fd: number) => {
      const stat = realFstat(fd);
      fs.appendFileSync(file, 'y'.repeat(1000));
      return stat;
    }) as typeof fs.fstatSync);
    try {
      const { result, bytes, calls } = bytesRead(() => readBytes(file, 10));
      expect((result as UnreadableFileError).reason).toBe('grew past 10 bytes (10 bytes) while being read');
      // One call fills the buffer of limit plus one byte; a full buffer ends the reading without another call.
      expect({ bytes, calls }).toEqual({ bytes: 11, calls: 1 });
    } finally {
      spy.mockRestore();
    }
  });

  fifoTest('a FIFO is refused at once, never opened (it would block without a writer)', () => {
    const file = fifo();
    const open = jest.spyOn(nodeFs, 'openSync');
    try {
      const e = refusal(() => readTextFile(file, 100)) as UnreadableFileError;
      expect(e).toBeInstanceOf(UnreadableFileError);
      expect(e.message).toBe(`${file} is a FIFO (named pipe); only a regular file can be read`);
      expect(e.code).toBeUndefined();
      expect(open).not.toHaveBeenCalled();
    } finally {
      open.mockRestore();
    }
  });

  fifoTest('a FIFO swapped in after the stat is opened without blocking and refused by fstat', () => {
    const file = fifo();
    const regular = path.join(work, 'regular');
    fs.writeFileSync(regular, 'x');
    const realStat = fs.statSync;
    // The first stat sees a regular file; the path is a FIFO by the time it is opened.
    const spy = jest.spyOn(nodeFs, 'statSync').mockImplementationOnce(((p: fs.PathLike) => (p === file ? realStat(regular) : realStat(p))) as typeof fs.statSync);
    try {
      const { result, bytes } = bytesRead(() => readTextFile(file, 100));
      expect((result as Error).message).toBe(`${file} is a FIFO (named pipe); only a regular file can be read`);
      expect(bytes).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  devZeroTest('/dev/zero is refused as a character device, without reading from it', () => {
    const { result, bytes } = bytesRead(() => readTextFile('/dev/zero', MAX_CONFIG_BYTES));
    expect((result as Error).message).toBe('/dev/zero is a character device; only a regular file can be read');
    expect(bytes).toBe(0);
  });

  test('a folder is refused', () => {
    expect(refusal(() => readTextFile(work, 100)).message).toBe(`${work} is a folder; only a regular file can be read`);
  });

  test('a socket is refused', async () => {
    if (process.platform === 'win32') return;
    const net = await import('net');
    const file = path.join(work, 's.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(file, resolve));
    try {
      expect(refusal(() => readTextFile(file, 100)).message).toBe(`${file} is a socket; only a regular file can be read`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a missing file, and one without read permission, say so with the system code', () => {
    const missing = path.join(work, 'none');
    const e = refusal(() => readTextFile(missing, 100)) as UnreadableFileError;
    expect([e.message, e.code]).toEqual([`${missing} does not exist`, 'ENOENT']);
    if (process.getuid?.() === 0) return; // root reads everything
    const locked = path.join(work, 'locked');
    fs.writeFileSync(locked, 'x', { mode: 0o000 });
    const l = refusal(() => readTextFile(locked, 100)) as UnreadableFileError;
    expect([l.message, l.code]).toEqual([`${locked} cannot be read (permission denied)`, 'EACCES']);
  });

  test('text must be UTF-8: an invalid sequence is refused with its line and byte offset, never decoded with replacement characters', () => {
    const bytes = Buffer.concat([Buffer.from('\ufeffa: 1\nb: "\ufffd é"\nc: '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    // Byte order mark (3), "a: 1\n" (5), 'b: "' (4), U+FFFD written as UTF-8 (3), " é" (3), '"\n' (2), "c: " (3).
    expect(refusal(() => decodeUtf8('f.yaml', bytes)).message).toBe(
      'f.yaml is not UTF-8 text (an invalid byte sequence on line 3, at byte offset 23); save it as UTF-8',
    );
    const latin1 = path.join(work, 'latin1.yaml');
    fs.writeFileSync(latin1, Buffer.from('namespace: caf\xe9\n', 'latin1'));
    expect(refusal(() => readTextFile(latin1, 100)).message).toBe(`${latin1} is not UTF-8 text (an invalid byte sequence on line 1, at byte offset 14); save it as UTF-8`);
    // A byte order mark is dropped; a literal U+FFFD is text like any other.
    expect(decodeUtf8('f', Buffer.from('\ufeffx\ufffd'))).toBe('x\ufffd');
  });

  test('byte counts are stated in the unit that divides them', () => {
    expect([formatBytes(4 * 1024 * 1024), formatBytes(256 * 1024), formatBytes(1000)]).toEqual(['4 MiB', '256 KiB', '1000 bytes']);
  });
});

describe('the config file', () => {
  fifoTest('a FIFO as the config is one problem naming the file (synth exits 1, output untouched)', async () => {
    const file = fifo();
    const err: string[] = [];
    const out = path.join(work, 'out');
    const code = await main(['synth', '--config', file, '--out', out], { stdout: () => undefined, stderr: (s) => err.push(s), env: {}, cwd: work });
    expect(code).toBe(1);
    expect(err.join('')).toBe(`${file}: 1 problem found\n  - (file): is ${JSON.stringify(file)}; is a FIFO (named pipe); only a regular file can be read\n`);
    expect(fs.existsSync(out)).toBe(false);
  });

  devZeroTest('/dev/zero as the config is refused', () => {
    expect(() => loadConfigFile('/dev/zero')).toThrow('/dev/zero: 1 problem found\n  - (file): is "/dev/zero"; is a character device; only a regular file can be read');
  });

  test('a folder as the config is refused', () => {
    expect(() => loadConfigFile(work)).toThrow(`(file): is ${JSON.stringify(work)}; is a folder; only a regular file can be read`);
  });

  test('a sparse 600 MiB config is refused by its size, unread', () => {
    const file = sparse(600 * 1024 * 1024);
    const { result, bytes } = bytesRead(() => loadConfigFile(file));
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as ConfigError).issues).toEqual([
      { path: '(file)', value: file, rule: `is ${600 * 1024 * 1024} bytes; at most 4 MiB (${MAX_CONFIG_BYTES} bytes) are read` },
    ]);
    expect(bytes).toBe(0);
  });

  test('a config of multi-byte characters over 4 MiB in bytes (under it in characters) is refused unread', () => {
    const file = path.join(work, 'wide.yaml');
    // "€" is three bytes: 1.5 M characters are 4.5 MB.
    fs.writeFileSync(file, `${yaml.dump(minimalConfig())}# ${'€'.repeat(1_500_000)}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(MAX_CONFIG_BYTES);
    const { result, bytes } = bytesRead(() => loadConfigFile(file));
    expect((result as ConfigError).issues[0].rule).toMatch(/^is \d+ bytes; at most 4 MiB/);
    expect(bytes).toBe(0);
  });

  test('a config that is not UTF-8 is refused, not read with replacement characters', () => {
    const file = path.join(work, 'latin1.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(yaml.dump(minimalConfig())), Buffer.from('# caf\xe9\n', 'latin1')]));
    expect(() => loadConfigFile(file)).toThrow(/\(file\): is ".*latin1\.yaml"; is not UTF-8 text \(an invalid byte sequence on line \d+, at byte offset \d+\); save it as UTF-8/);
  });
});

describe('secrets.sealedSecrets.certificateFile and keys --cert', () => {
  const sealedConfig = (certificateFile: string) =>
    parseConfig(withField(withField(withField(exampleConfig(), 'secrets.keyVault', undefined), 'secrets.source', 'sealedSecrets'), 'secrets.sealedSecrets', { certificateFile }));
  const issue = (certificateFile: string) => (refusal(() => secretSourceFor(sealedConfig(certificateFile), work, {}, 'my.yaml')) as ConfigError).issues;

  fifoTest('a FIFO is refused on the field, naming the resolved file', () => {
    fifo('cert.pem');
    expect(issue('cert.pem')).toEqual([
      { path: 'secrets.sealedSecrets.certificateFile', value: 'cert.pem', rule: `names ${path.join(work, 'cert.pem')}, which is a FIFO (named pipe); only a regular file can be read` },
    ]);
  });

  devZeroTest('/dev/zero is refused on the field', () => {
    expect(issue('/dev/zero')).toEqual([
      { path: 'secrets.sealedSecrets.certificateFile', value: '/dev/zero', rule: 'is a character device; only a regular file can be read' },
    ]);
  });

  test(`a certificate over ${MAX_CERTIFICATE_BYTES} bytes is refused unread`, () => {
    sparse(MAX_CERTIFICATE_BYTES + 1, 'cert.pem');
    const { result, bytes } = bytesRead(() => secretSourceFor(sealedConfig('cert.pem'), work, {}, 'my.yaml'));
    expect((result as ConfigError).issues[0].rule).toBe(`names ${path.join(work, 'cert.pem')}, which is ${MAX_CERTIFICATE_BYTES + 1} bytes; at most 256 KiB (${MAX_CERTIFICATE_BYTES} bytes) are read`);
    expect(bytes).toBe(0);
  });

  test('a dotenv file named as the certificate: refused without printing any of it', () => {
    fs.writeFileSync(path.join(work, 'cert.pem'), 'DB_PASSWORD=hunter2-very-secret\n');
    const message = refusal(() => secretSourceFor(sealedConfig('cert.pem'), work, {}, 'my.yaml')).message;
    expect(message).toMatch(/secrets\.sealedSecrets\.certificateFile: is "cert\.pem"; the certificate \(32 characters, not starting with a PEM header\) is not a PEM certificate/);
    expect(message).not.toMatch(/DB_PASS|hunter2/);
  });

  fifoTest('keys --cert naming a FIFO is refused with exit 1 and nothing written', () => {
    const config = path.join(work, 'codecanvas.yaml');
    fs.writeFileSync(config, yaml.dump(withField(withField(exampleConfig(), 'secrets.keyVault', undefined), 'secrets.source', 'env')));
    const pipe = fifo('cert.pem');
    const err: string[] = [];
    const io: KeysCommandIo = { stdout: () => undefined, stderr: (s) => err.push(s), env: {}, cwd: work };
    const code = runKeysCommand(['--config', config, '--out', 'keys', '--format', 'sealed', '--cert', pipe, '--allow-format-mismatch'], io, { sshHostKeyBits: 2048 });
    expect(code).toBe(1);
    expect(err.join('')).toContain(`keys: --cert: certificate ${pipe} is a FIFO (named pipe); only a regular file can be read\n`);
    expect(fs.existsSync(path.join(work, 'keys'))).toBe(false);
  });
});

describe('other files a user names', () => {
  fifoTest('a FIFO as the kubeconfig is refused before client-node reads it', () => {
    const file = fifo('kubeconfig');
    const e = refusal(() => precheckKubeconfig({ kubeconfig: file, env: {}, cwd: work }));
    expect(e).toBeInstanceOf(KubeReaderError);
    expect(e.message).toBe(`kubeconfig ${file} is a FIFO (named pipe); only a regular file can be read`);
  });

  test('a kubeconfig over the limit is refused unread; a missing one is left to client-node', () => {
    const file = sparse(MAX_KUBECONFIG_BYTES + 1, 'kubeconfig');
    const { result, bytes } = bytesRead(() => precheckKubeconfig({ kubeconfig: file, env: {}, cwd: work }));
    expect((result as Error).message).toBe(`kubeconfig ${file} is ${MAX_KUBECONFIG_BYTES + 1} bytes; at most 16 MiB (${MAX_KUBECONFIG_BYTES} bytes) are read`);
    expect(bytes).toBe(0);
    expect(precheckKubeconfig({ kubeconfig: path.join(work, 'none'), env: {}, cwd: work })).toBeUndefined();
  });

  devZeroTest('upgrade-check --chart /dev/zero is refused without reading', () => {
    const loaded = loadConfigFile(path.join(__dirname, '..', 'examples', 'aks.yaml'));
    const { result, bytes } = bytesRead(() => upgradeCheck(loaded, '/dev/zero', {}));
    expect(result).toBeInstanceOf(UpgradeCheckError);
    expect((result as Error).message).toBe('chart /dev/zero is a character device; only a regular file can be read');
    expect(bytes).toBe(0);
  });
});
