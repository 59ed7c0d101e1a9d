#!/usr/bin/env node
// Entry point of the `ai-gateway` command: runs the compiled CLI (built by `npm install` via `prepare`).
// CommonJS, and `--help` / `--version` answered from the small overview module alone: `ai-gateway token`
// runs on every Claude Code apiKeyHelper call, so the launcher loads nothing a command does not use.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const out = join(__dirname, '..', 'out', 'app', 'cli');
if (!existsSync(join(out, 'overview.cjs'))) {
  console.error('ai-gateway is not built yet. Run `npm install` (or `npm run build`) in the project folder first.');
  process.exit(1);
}
const argv = process.argv.slice(2);
const overview = require(join(out, 'overview.cjs'));
if (overview.isOverviewRequest(argv[0]) || overview.isVersionRequest(argv[0])) {
  process.stdout.write(`${overview.isVersionRequest(argv[0]) ? overview.APP_VERSION : overview.overview()}\n`);
  process.exitCode = argv[0] === undefined ? 2 : 0;
} else {
  import(pathToFileURL(join(out, 'main.js')).href)
    .then(({ main }) => main(argv))
    .then((code) => (process.exitCode = code));
}
