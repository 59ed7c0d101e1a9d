/**
 * `<app> --print-token` in Electron: wires core/desktop/print-token.ts to the running proxy check and the
 * app's secret store, writes the token to stdout and exits. main.ts calls it before the single-instance
 * lock, so a second instance started by an agent never pops the window or fights the running app.
 */
import { app } from 'electron';
import { tokenFromRunningProxy } from '../cli/running-proxy.js';
import type { LaunchOptions } from '../core/desktop/launch-options.js';
import { printToken } from '../core/desktop/print-token.js';
import { redact } from '../core/log/redact.js';
import { desktopSecretStore } from './secret-stores.js';

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  // Resolves once the bytes are handed to the OS: app.exit() does not wait for pending writes to a pipe.
  // Windows too: since Electron 11 the main process's stdout is Node's own (electron/electron#25765), so a
  // pipe from the agent that started us receives what is written here.
  return new Promise((resolve) => stream.write(text.endsWith('\n') ? text : `${text}\n`, () => resolve()));
}

/** Prints a token and exits the process with the outcome. */
export async function runPrintToken(launch: LaunchOptions, dataDir: string): Promise<void> {
  // macOS: a process that only prints gets no Dock icon (the app bundle is a regular app otherwise).
  try {
    app.dock?.hide();
  } catch {
    // Not available this early on some versions; a Dock icon for a moment is harmless.
  }
  const pending: Promise<void>[] = [];
  const code = await printToken({
    dataDir,
    demo: launch.demo,
    env: process.env,
    fromRunningProxy: (from) => tokenFromRunningProxy(from, { demo: launch.demo }),
    openSecretStore: async () => {
      await app.whenReady();
      return desktopSecretStore(dataDir, launch.demo);
    },
    out: (text) => void pending.push(write(process.stdout, text)),
    err: (text) => void pending.push(write(process.stderr, redact(text))),
  });
  await Promise.all(pending);
  app.exit(code);
}
