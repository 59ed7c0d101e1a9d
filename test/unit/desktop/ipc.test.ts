import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { API_METHODS } from '../../../app/contract/api.js';
import { AppError } from '../../../app/core/errors.js';
import { API_CHANNELS, apiChannel } from '../../../app/core/desktop/ipc-channels.js';
import { toReply, untrustedSenderReply } from '../../../app/core/desktop/ipc-reply.js';
import { isTrustedSender } from '../../../app/core/desktop/trusted-sender.js';

const ENTRY = pathToFileURL('/home/u/ai-gateway/out/renderer/index.html').href;

test('every api verb has exactly one channel, named api:<verb>', () => {
  assert.deepEqual(Object.keys(API_CHANNELS), [...API_METHODS]);
  for (const method of API_METHODS) assert.equal(API_CHANNELS[method], `api:${method}`);
  assert.equal(new Set(Object.values(API_CHANNELS)).size, API_METHODS.length);
  assert.equal(apiChannel('getStatus'), 'api:getStatus');
});

test('trusted sender: only the top frame of our own entry page', () => {
  assert.equal(isTrustedSender({ url: ENTRY, isTopFrame: true }, ENTRY), true);
  assert.equal(isTrustedSender({ url: `${ENTRY}#/agents/codex`, isTopFrame: true }, ENTRY), true);
});

test('untrusted senders: subframes, other pages, other schemes, missing frames', () => {
  const refused = [
    { url: ENTRY, isTopFrame: false },
    { url: 'https://evil.example/', isTopFrame: true },
    { url: 'file:///tmp/index.html', isTopFrame: true },
    { url: ENTRY.replace('index.html', 'x.html'), isTopFrame: true },
    { url: 'about:blank', isTopFrame: true },
    { url: '', isTopFrame: true },
    { url: 'devtools://devtools/bundled/inspector.html', isTopFrame: true },
  ];
  for (const frame of refused) assert.equal(isTrustedSender(frame, ENTRY), false, JSON.stringify(frame));
  assert.equal(isTrustedSender(null, ENTRY), false);
  assert.equal(isTrustedSender(undefined, ENTRY), false);
});

test('replies: values pass, AppErrors keep code/message/field, anything else becomes internal', async () => {
  assert.deepEqual(await toReply(async () => 42), { ok: true, value: 42 });
  assert.deepEqual(await toReply(() => 'sync'), { ok: true, value: 'sync' });
  assert.deepEqual(await toReply(async () => {
    throw new AppError('settings_invalid', 'Gateway URL must be https.', { field: 'gatewayUrl' });
  }), { ok: false, error: { code: 'settings_invalid', message: 'Gateway URL must be https.', field: 'gatewayUrl' } });
  const leaked = await toReply(async () => {
    throw new Error('ECONNREFUSED secret=hunter2');
  });
  assert.equal(leaked.ok, false);
  if (!leaked.ok) {
    assert.equal(leaked.error.code, 'internal');
    assert.doesNotMatch(leaked.error.message, /hunter2/);
  }
});

test('a refused sender learns nothing but that it was refused', () => {
  assert.deepEqual(untrustedSenderReply(), { ok: false, error: { code: 'forbidden_origin', message: 'This page may not call the AI Gateway app.' } });
});
