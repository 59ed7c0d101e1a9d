/**
 * A build without the OS keyring binding for its CPU: the binding really fails to load (napi-rs's
 * NAPI_RS_NATIVE_LIBRARY_PATH pointed at nothing, in a child process so this one keeps its binding), and
 * the store says why instead of behaving as an empty keyring. The packaging side (a build without the
 * binding is refused) is in test/package/ and build/keyring-binding.cjs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { KeyringSecretStore } from '../../../app/core/config/secret-store.js';

const secretStore = pathToFileURL(fileURLToPath(new URL('../../../app/core/config/secret-store.js', import.meta.url))).href;
const probe = `const { KeyringSecretStore } = await import(${JSON.stringify(secretStore)}); const s = new KeyringSecretStore('probe'); console.log(JSON.stringify({ problem: await s.bindingProblem(), available: await s.available() }));`;

test("a keyring binding that does not load is reported, with the platform and the loader's reason", async () => {
  const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], {
    env: { PATH: process.env.PATH, NAPI_RS_NATIVE_LIBRARY_PATH: join(fileURLToPath(new URL('.', import.meta.url)), 'no-such-binding.node') },
    encoding: 'utf8',
  });
  const result = JSON.parse(run.stdout) as { problem: string | null; available: boolean };
  assert.equal(result.available, false);
  assert.match(result.problem ?? '', new RegExp(`^The OS keyring module \\(@napi-rs/keyring\\) did not load for ${process.platform}-${process.arch}: .+`));
});

test('with the binding installed there is no problem to report', async () => {
  assert.equal(await new KeyringSecretStore('probe').bindingProblem(), null);
});
