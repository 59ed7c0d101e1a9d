#!/usr/bin/env node
// `npm start`: launches the tray app with Electron, or says what to do when Electron's binary is missing
// (an offline install, or one made with ELECTRON_SKIP_BINARY_DOWNLOAD=1). `--check` only checks, so
// `npm start` says so before spending half a minute on the build.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sandboxAdvice } from './linux-sandbox.mjs';

const require = createRequire(import.meta.url);
// A file path, not URL.pathname: that one stays percent-encoded ("my%20app") and is "/C:/..." on Windows.
const root = fileURLToPath(new URL('..', import.meta.url));
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
const advice = sandboxAdvice({ electronPath: executable });
if (advice) console.error(advice);
const child = spawn(executable, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
