/**
 * Runs the compiled preload the way Electron runs a sandboxed one: wrapped in a function that gets a
 * `require` able to load `electron` only. So this also proves the preload is self-contained.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContext, Script } from 'node:vm';
import { API_METHODS, type ApiReply } from '../../../app/contract/api.js';
import { apiChannel } from '../../../app/core/desktop/ipc-channels.js';

const PRELOAD = new URL('../../../app/preload/index.cjs', import.meta.url);

interface Loaded {
  exposed: Map<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  invoked: { channel: string; args: unknown[] }[];
  required: string[];
}

function loadPreload(answer: (channel: string, args: unknown[]) => ApiReply<unknown>): Loaded {
  const loaded: Loaded = { exposed: new Map(), invoked: [], required: [] };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, value: Record<string, (...args: unknown[]) => Promise<unknown>>) => {
        assert.equal(loaded.exposed.has(key), false, `exposed ${key} twice`);
        loaded.exposed.set(key, value);
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        loaded.invoked.push({ channel, args });
        return answer(channel, args);
      },
    },
  };
  const sandboxRequire = (name: string): unknown => {
    loaded.required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const source = readFileSync(PRELOAD, 'utf8');
  const wrapped = new Script(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${source}\n})`, { filename: PRELOAD.pathname });
  const run = wrapped.runInContext(createContext({})) as (...args: unknown[]) => void;
  const module = { exports: {} };
  run(sandboxRequire, {}, undefined, {}, undefined, undefined, module.exports, module);
  return loaded;
}

const echo = (channel: string, args: unknown[]): ApiReply<unknown> => ({ ok: true, value: { channel, args } });

test('the preload requires electron and nothing else (a sandboxed preload can require nothing else)', () => {
  assert.deepEqual(loadPreload(echo).required, ['electron']);
});

test('it exposes window.api only, with exactly the contract verbs, all functions', () => {
  const { exposed } = loadPreload(echo);
  assert.deepEqual([...exposed.keys()], ['api']);
  const api = exposed.get('api')!;
  assert.deepEqual(Object.keys(api).sort(), [...API_METHODS].sort());
  for (const method of API_METHODS) assert.equal(typeof api[method], 'function', method);
  assert.equal('ipcRenderer' in api, false);
  assert.equal('invoke' in api, false);
});

test('each verb invokes its own channel with the arguments, and resolves with the value', async () => {
  const loaded = loadPreload(echo);
  const api = loaded.exposed.get('api')!;
  for (const method of API_METHODS) {
    const args = [{ agent: 'codex' }, 2];
    assert.deepEqual(await api[method]!(...args), { channel: apiChannel(method), args });
  }
  assert.deepEqual(loaded.invoked.map((c) => c.channel), API_METHODS.map(apiChannel));
});

test('a failed reply rejects with plain {name, code, message, field} data, which survives contextBridge', async () => {
  const api = loadPreload(() => ({ ok: false, error: { code: 'settings_invalid', message: 'Gateway URL must be https.', field: 'gatewayUrl' } })).exposed.get('api')!;
  await assert.rejects(api.saveSettings!({}), (error: unknown) => {
    assert.deepEqual({ ...(error as object) }, { name: 'ApiError', code: 'settings_invalid', message: 'Gateway URL must be https.', field: 'gatewayUrl' });
    assert.equal(error instanceof Error, false, 'an Error would lose its code crossing contextBridge');
    return true;
  });
  const noField = loadPreload(() => ({ ok: false, error: { code: 'internal', message: 'x' } })).exposed.get('api')!;
  await assert.rejects(noField.getStatus!(), (error: unknown) => 'field' in (error as object) === false);
});
