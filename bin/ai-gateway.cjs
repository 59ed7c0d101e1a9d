#!/usr/bin/env node
// Entry point of the `ai-gateway` command: runs the compiled CLI (built by `npm install` via `prepare`).
// CommonJS, `--help` / `--version` answered from the small overview module alone, and `token` / `status`
// each from its own bundled CommonJS file (out/app/cli/fast-token.cjs, fast-status.cjs, built from the
// same command modules; scripts/bundle-fast-path.mjs):
// `ai-gateway token` runs on every Claude Code apiKeyHelper call, so the launcher loads nothing a command
// does not use, and these two never start Node's ES module loader on their common path.
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

/** Every other command, and `token` when no proxy runs: the compiled ES modules. */
function runMain() {
  import(pathToFileURL(join(out, 'main.js')).href)
    .then(({ main }) => main(argv))
    .then((code) => (process.exitCode = code));
}

// `token` and `status` first, before the overview module (and the package.json it reads) is loaded.
// The names are the bundler's list (scripts/bundle-fast-path.mjs); without the bundle (a bare `tsc` build)
// they run through main.js like every other command.
const fastBundle = argv[0] === 'token' || argv[0] === 'status' ? join(out, `fast-${argv[0]}.cjs`) : null;
if (fastBundle !== null && existsSync(fastBundle)) {
  require(fastBundle)
    .run(argv.slice(1))
    .then((code) => (code === null ? runMain() : (process.exitCode = code)));
} else {
  const overview = require(join(out, 'overview.cjs'));
  if (overview.isOverviewRequest(argv[0]) || overview.isVersionRequest(argv[0])) {
    if (overview.isVersionRequest(argv[0])) process.stdout.write(`${overview.APP_VERSION}\n`);
    else {
      // The usage line and the hints name the command the way it runs here (`node bin/ai-gateway.cjs` off PATH).
      const { invocation, withInvocation } = require(join(out, '..', 'core', 'cli-invocation.cjs'));
      process.stdout.write(`${withInvocation(overview.overview(), invocation(process.env, process.argv[1], process.cwd()))}\n`);
    }
    process.exitCode = argv[0] === undefined ? 2 : 0;
  } else {
    runMain();
  }
}
