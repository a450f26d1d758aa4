// Exit 0 when node_modules matches package-lock.json, 1 when `npm ci` is needed.
//
// Compares npm's own record of what it installed (node_modules/.package-lock.json) with the
// lockfile, package by package: file times lie after a git checkout or clone, contents do not.
// Runs before `npm install` has ever run, so plain Node only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
function readLock(file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')).packages || {};
  } catch {
    return undefined;
  }
}

const wanted = readLock('package-lock.json');
const installed = readLock('node_modules/.package-lock.json');
if (!wanted) {
  console.error('node-modules-current: package-lock.json is missing or unreadable');
  process.exit(2);
}
if (!installed) {
  process.exit(1);
}
for (const [location, spec] of Object.entries(wanted)) {
  if (location === '' || spec.link) {
    continue;
  }
  const have = installed[location];
  // Optional packages for other platforms (e.g. @swc/core-darwin-arm64) are rightly absent.
  if (!have) {
    if (spec.optional || spec.devOptional) {
      continue;
    }
    process.exit(1);
  }
  if (have.version !== spec.version) {
    process.exit(1);
  }
}
process.exit(0);
