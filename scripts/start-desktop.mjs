#!/usr/bin/env node
// `npm start`: launches the tray app with Electron, or says what to do when Electron's binary is missing
// (an offline install, or one made with ELECTRON_SKIP_BINARY_DOWNLOAD=1). `--check` only checks, so
// `npm start` says so before spending half a minute on the build.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const pathFile = require.resolve('electron/package.json').replace(/package\.json$/, 'path.txt');
const binary = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
const executable = binary ? require.resolve('electron/package.json').replace(/package\.json$/, `dist/${binary}`) : null;

if (!executable || !existsSync(executable)) {
  console.error(
    [
      "Electron's binary is not installed, so the tray app cannot start here.",
      'With access to Electron\'s downloads: run `npm run get-electron`, then `npm start`.',
      'Without a desktop: the same window runs in your browser with `npx ai-gateway serve --ui` (or try `npx ai-gateway demo --ui`).',
    ].join('\n'),
  );
  process.exit(1);
}
if (process.argv.includes('--check')) process.exit(0);
const child = spawn(executable, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
