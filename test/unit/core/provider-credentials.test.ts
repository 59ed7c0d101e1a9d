/** Credential-like Portkey headers: masked in the settings view (status, status --json, the UI), kept on a masked save for the same gateway only, scrubbed from logs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySecretStore } from '../../../app/core/config/secret-store.js';
import { SettingsService } from '../../../app/core/config/settings-service.js';
import { MemorySettingsStore } from '../../../app/core/config/settings-store.js';
import { MASKED_HEADER_VALUE } from '../../../app/core/config/provider-credentials.js';
import { redact } from '../../../app/core/log/redact.js';
import type { SettingsInput } from '../../../app/contract/api.js';

const stored = {
  gatewayUrl: 'https://ai-gateway.example.com',
  clientId: 'abc123',
  tokenEndpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
  scope: '',
  providerOptions: {
    headers: { 'x-portkey-api-key': 'pk-live-0123456789', 'x-portkey-trace-id': 'team-a' },
    providerHeaders: { google: { 'x-portkey-virtual-key': 'vk-gemini-987654', 'x-portkey-config': '{"provider":"google","api_key":"AIza-secret-1234"}' } },
  },
};

function service(store: MemorySettingsStore) {
  return new SettingsService(store, { secure: new MemorySecretStore('s3cret-value'), file: new MemorySecretStore(), memory: new MemorySecretStore() }, {});
}

test('the settings view shows credential headers by name only; the resolved settings keep the values; logs scrub them', async () => {
  const snapshot = await service(new MemorySettingsStore(structuredClone(stored))).snapshot();
  assert.deepEqual(snapshot.view.providerOptions.headers, { 'x-portkey-api-key': MASKED_HEADER_VALUE, 'x-portkey-trace-id': 'team-a' });
  assert.deepEqual(snapshot.view.providerOptions.providerHeaders.google, { 'x-portkey-virtual-key': MASKED_HEADER_VALUE, 'x-portkey-config': MASKED_HEADER_VALUE });
  const shown = JSON.stringify(snapshot.view);
  for (const secret of ['pk-live-0123456789', 'vk-gemini-987654', 'AIza-secret-1234']) assert.ok(!shown.includes(secret), secret);
  assert.equal(snapshot.settings?.providerOptions.headers['x-portkey-api-key'], 'pk-live-0123456789');
  assert.equal(redact('sent x-portkey-virtual-key: vk-gemini-987654 and pk-live-0123456789'), 'sent x-portkey-virtual-key: [REDACTED] and [REDACTED]');
});

test('the Settings form sending the masked values back keeps the ones in force, for the same gateway only', async () => {
  const store = new MemorySettingsStore(structuredClone(stored));
  const settings = service(store);
  const { view } = await settings.snapshot();
  const form: SettingsInput = { gatewayUrl: view.gatewayUrl, clientId: view.clientId, tokenEndpoint: view.tokenEndpoint, providerOptions: view.providerOptions };
  assert.deepEqual(await settings.validate(form), []);
  await settings.save(form);
  assert.deepEqual((await store.read()).providerOptions, stored.providerOptions, 'the values in force, never the mask');

  const elsewhere = { ...form, gatewayUrl: 'https://other-gateway.example.com' };
  const errors = await settings.validate(elsewhere);
  assert.ok(errors.some((e) => /Portkey headers: enter the value of x-portkey-api-key again \(the gateway URL changed/.test(e.message)), JSON.stringify(errors));
  await assert.rejects(settings.save({ ...elsewhere, clientSecret: 's3cret-value' }), /enter the value of x-portkey-api-key again/);
  const renamed: SettingsInput = { ...form, providerOptions: { ...view.providerOptions, headers: { 'x-portkey-virtual-key': MASKED_HEADER_VALUE } } };
  assert.ok((await settings.validate(renamed)).some((e) => /enter the value of x-portkey-virtual-key again \(there is no stored value to keep\)/.test(e.message)));
});
