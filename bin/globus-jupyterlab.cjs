#!/usr/bin/env node
// Launcher for `npx globus-jupyterlab install|uninstall|doctor`: the installer itself is one
// esbuild bundle (installer/*.ts → dist/installer/globus-jupyterlab.cjs, `npm run build:installer`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 18)) {
  console.error(`globus-jupyterlab: needs Node.js 20.18 or newer, this is ${process.version}`);
  process.exit(1);
}
const bundle = path.join(__dirname, '..', 'dist', 'installer', 'globus-jupyterlab.cjs');
if (!fs.existsSync(bundle)) {
  console.error(
    `globus-jupyterlab: the installer is not built (${bundle} is missing): run npm run build first`
  );
  process.exit(1);
}
require(bundle)
  .main(process.argv.slice(2))
  .then(
    code => {
      process.exitCode = code;
    },
    error => {
      console.error(error);
      process.exitCode = 1;
    }
  );
