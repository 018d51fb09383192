import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import * as fs from 'fs';
import * as path from 'path';
import { OutputEntry } from './layout';

/**
 * How synth writes one output file into `root`: its folder made first (once per folder, remembered in `made`), then
 * the text as UTF-8 with mode 0644, or 0755 for an executable (chmod after, as the umask may have cleared bits).
 * Naming the encoding lets Node open, write and close in one native call instead of three and a Buffer per file.
 * Source text, so that the writer thread runs the very same steps (WRITER_SOURCE) as this thread (writeEntry).
 */
const WRITE_ENTRY_SOURCE = `function writeEntry(root, file, made) {
  const dest = path.join(root, ...file.path.split('/'));
  const dir = path.dirname(dest);
  if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
  made.add(dir);
  fs.writeFileSync(dest, file.content, { encoding: 'utf8', mode: file.executable ? 0o755 : 0o644 });
  if (file.executable) fs.chmodSync(dest, 0o755);
}`;

/** Writes one output file into `root` (WRITE_ENTRY_SOURCE), in this thread. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func
export const writeEntry: (root: string, file: Pick<OutputEntry, 'path' | 'content' | 'executable'>, made: Set<string>) => void = new Function(
  'fs',
  'path',
  `${WRITE_ENTRY_SOURCE}\nreturn writeEntry;`,
)(fs, path);

/**
 * The writer thread's program (run with `eval`, so that it needs no file of its own next to this one, compiled, run
 * from TypeScript or bundled). It takes batches of files on its port and writes each with writeEntry, counting them
 * in `state[1]`; on `null` it posts its first failure (or null) back, sets `state[0]` and wakes the waiting main
 * thread. After a failure it writes nothing more.
 */
export const WRITER_SOURCE = `
const { workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
${WRITE_ENTRY_SOURCE}
const { root, state, port } = workerData;
const made = new Set();
let failure = null;
port.on('message', (batch) => {
  if (batch === null) {
    port.postMessage(failure);
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
    port.close();
    return;
  }
  for (const file of batch) {
    if (failure) return;
    try {
      writeEntry(root, file, made);
      Atomics.add(state, 1, 1);
    } catch (e) {
      failure = { message: String(e && e.message), code: e && e.code };
    }
  }
});
`;

/** How long the main thread waits for the writer thread to write one more file before it writes the rest itself (ms). */
export const WRITER_STALL_MS = 30_000;

/**
 * A second thread that writes output files while the main thread goes on rendering (synth's rendering is all
 * JavaScript; writing thousands of small files is mostly the kernel's time, which the second core then spends).
 * `finish` blocks until every file sent is written, and throws the first write error the thread met, as the same
 * write in the main thread would have thrown it. A thread that writes nothing for `stallMs` is left behind and the
 * main thread writes every file itself (writing a file twice with the same content is harmless).
 */
export class WriterThread {
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly sent: OutputEntry[] = [];

  constructor(
    private readonly root: string,
    private readonly stallMs = WRITER_STALL_MS,
    source = WRITER_SOURCE,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(source, { eval: true, workerData: { root, state: this.state, port: port2 }, transferList: [port2] });
    // Neither keeps the process alive: the main thread waits for the thread in finish(), not in the event loop. A
    // thread that finished has closed its port and ended anyway, so only a stuck one would hold the process open at
    // exit, which no test inside one process can see.
    // Stryker disable next-line all: only seen at the exit of a process whose writer thread is stuck
    this.worker.unref();
    // Stryker disable next-line all: as above
    this.port.unref();
  }

  /** Queues files to be written (their text is copied to the thread now). */
  write(files: readonly OutputEntry[]): void {
    this.sent.push(...files);
    this.port.postMessage(files.map((f) => ({ path: f.path, content: f.content, executable: f.executable === true })));
  }

  /** Files the thread has written so far. */
  get written(): number {
    return Atomics.load(this.state, 1);
  }

  /** Waits until every queued file is written; throws the thread's first write error. */
  finish(): void {
    this.port.postMessage(null);
    let progress = this.written;
    while (Atomics.load(this.state, 0) === 0) {
      if (Atomics.wait(this.state, 0, 0, this.stallMs) !== 'timed-out') continue;
      if (this.written !== progress) {
        progress = this.written;
        continue;
      }
      // The thread is stuck or gone: write everything here instead.
      // Stryker disable next-line all: ending a stuck thread frees its memory; the files are written below either way
      void this.worker.terminate();
      const made = new Set<string>();
      for (const file of this.sent) writeEntry(this.root, file, made);
      return;
    }
    const failure = receiveMessageOnPort(this.port)?.message as { message: string; code?: string } | null | undefined;
    // Stryker disable next-line all: the thread closed its end already; this only releases ours sooner
    this.port.close();
    if (failure) throw Object.assign(new Error(failure.message), failure.code === undefined ? {} : { code: failure.code });
  }
}
