import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_METHODS, AGENT_IDS } from '../../app/contract/api.js';
import { PROVIDERS, isProvider } from '../../app/contract/providers.js';

test('every API verb is listed once', () => {
  assert.equal(new Set(API_METHODS).size, API_METHODS.length);
});

test('providers and agents are the ones the gateway and the product support', () => {
  assert.deepEqual([...PROVIDERS], ['anthropic', 'openai', 'google', 'azure-openai']);
  assert.equal(AGENT_IDS.length, 6);
  assert.equal(isProvider('openai'), true);
  assert.equal(isProvider('mistral'), false);
});
