/**
 * Preloaded with `node --import` to run the real app/main/main.js as its own process: `electron` is the
 * recording fake, `app.exit` ends the process, and every call the entry point makes on `app` is written
 * to stderr as `[electron] <name>`, so a test sees what ran and in which order.
 */
import { register } from 'node:module';
import { createFakeElectron } from './fake-electron.js';

const fake = createFakeElectron();
const app = fake.app as unknown as Record<string, unknown>;
for (const name of ['requestSingleInstanceLock', 'whenReady', 'setPath', 'quit']) {
  const original = app[name] as (...args: unknown[]) => unknown;
  app[name] = (...args: unknown[]) => {
    process.stderr.write(`[electron] ${name}\n`);
    return original.apply(fake.app, args);
  };
}
app.exit = (code = 0) => {
  process.stderr.write(`[electron] exit ${String(code)}\n`);
  process.exit(code as number);
};
register('./hooks.js', import.meta.url);
