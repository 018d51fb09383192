#!/usr/bin/env node
// Removes compiled files under build/lib and build/imports whose TypeScript source no longer exists (a module
// that was moved or deleted). tsc builds incrementally and never deletes old outputs, and `files` in package.json
// packs by pattern, so without this a stale module would ship in the tarball.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
let removed = 0;

function prune(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(full);
      continue;
    }
    const match = /^(.*?)(\.d\.ts|\.js)$/.exec(entry.name);
    if (!match) continue;
    const source = path.join(root, path.relative(path.join(root, 'build'), dir), `${match[1]}.ts`);
    if (!fs.existsSync(source)) {
      fs.rmSync(full);
      removed++;
    }
  }
}

for (const folder of ['lib', 'imports']) prune(path.join(root, 'build', folder));
if (removed > 0) process.stdout.write(`prune-build: removed ${removed} stale compiled file(s)\n`);
