#!/usr/bin/env node
/**
 * The gitops tier's reaper: Jest gives a test its own `process` object, so exit and signal handlers registered by a
 * test never run when Jest itself is killed. This watchdog, started detached by test/gitops/rig.ts, polls the test
 * process and, once it is gone, kills every process group listed in the PID file (one PID per line, written as the
 * rig starts each process) and removes the rig's directory. A normal Rig.stop() stops the processes and then this.
 *
 *   node reaper.js <test pid> <pid file> <dir to remove>
 */
'use strict';
const fs = require('node:fs');

const [parent, pidFile, dir] = process.argv.slice(2);
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const timer = setInterval(() => {
  if (alive(Number(parent))) return;
  clearInterval(timer);
  let pids = [];
  try {
    pids = fs.readFileSync(pidFile, 'utf8').split('\n').map(Number).filter((n) => n > 0);
  } catch {
    /* nothing started */
  }
  for (const pid of pids.reverse()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  if (dir && process.env.GITOPS_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}, 1000);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
