#!/usr/bin/env node
// Runs the compiled test files with node's own test runner, tier by tier, and exits non-zero on any failure.
// Usage: node scripts/test.mjs [tier|file-substring ...]   (tiers: unit integration hardening package agents portkey e2e)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const tiers = ['unit', 'integration', 'hardening', 'package', 'agents', 'portkey', 'e2e'];
const filters = process.argv.slice(2);

function listTests(dir) {
  let found = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return found; }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(listTests(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const files = tiers
  .flatMap((tier) => listTests(join(root, 'out/test', tier)).sort())
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)));
if (files.length === 0) {
  console.error('No compiled tests found under out/test. Run `npm run build` first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
