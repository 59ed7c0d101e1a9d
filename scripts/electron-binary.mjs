#!/usr/bin/env node
// Fetches Electron's binary for the desktop app (`npm start`). Electron's own postinstall is turned off
// in package.json ("allowScripts": a download failure there fails the whole install, with a stack trace);
// this runs the same install.js and, as the postinstall, never fails the install: without access to
// Electron's downloads (an SSH box, a container) it prints one line, and the CLI and browser window work.
// `npm run get-electron` runs it again later and exits 1 if the download fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const strict = process.argv.includes('--strict');
const require = createRequire(import.meta.url);
const say = (text) => console.log(`Desktop app: ${text}`);

function installScript() {
  try {
    return require.resolve('electron/install.js');
  } catch {
    return null;
  }
}

/** The last line of install.js's output that names the failure, without its stack. */
function reason(output) {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const error = lines.find((line) => /^[A-Za-z]*Error\b|^Error:/.test(line)) ?? lines.find((line) => !line.startsWith('at ')) ?? 'no output';
  return error.length > 160 ? `${error.slice(0, 157)}...` : error;
}

const script = installScript();
if (!script || !existsSync(script)) {
  // A production install (`npm install -g .`, `--omit=dev`): the CLI only, nothing to fetch.
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say('Electron\'s binary not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set); the `ai-gateway` CLI and its browser window work. Fetch it later with `npm run get-electron`.');
  process.exit(0);
}
const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' } });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
child.on('close', (code) => {
  if (code === 0) {
    if (strict) say('Electron\'s binary is installed; `npm start` runs the tray app.');
    process.exit(0);
  }
  say(`Electron's binary could not be downloaded (${reason(output)}), so \`npm start\` cannot run here; the \`ai-gateway\` CLI and its browser window (\`serve --ui\`, \`demo --ui\`) work. With access to Electron's downloads (or ELECTRON_MIRROR set), run \`npm run get-electron\`.`);
  process.exit(strict ? 1 : 0);
});
