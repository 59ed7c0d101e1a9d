#!/usr/bin/env node
// Entry point of the `ai-gateway` command: runs the compiled CLI (built by `npm install` via `prepare`).
import { existsSync } from 'node:fs';

const cli = new URL('../out/app/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('ai-gateway is not built yet. Run `npm install` (or `npm run build`) in the project folder first.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
