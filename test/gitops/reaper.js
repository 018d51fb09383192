#!/usr/bin/env node
/**
 * The gitops tier's reaper: Jest gives a test its own `process` object, so exit and signal handlers registered by a
 * test never run when Jest itself is killed. This watchdog, started detached by test/gitops/rig.ts, polls the test
 * process and, once it is gone, kills every process group listed in the PID file (one PID per line, written as the
 * rig starts each process) and removes the rig's directory and the other directories listed there (lines starting
 * with "/", the API servers' temp dirs). A normal Rig.stop() stops the processes and then this.
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
  let lines = [];
  try {
    lines = fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean);
  } catch {
    /* nothing started */
  }
  const pids = lines.map(Number).filter((n) => n > 0);
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
  if (process.env.GITOPS_KEEP !== '1') {
    for (const d of [...lines.filter((l) => l.startsWith('/')), dir].filter(Boolean)) fs.rmSync(d, { recursive: true, force: true });
  }
  process.exit(0);
}, 1000);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
