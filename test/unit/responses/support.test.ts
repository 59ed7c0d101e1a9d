import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponsesSupport, isResponsesNotServed, needsBodyToDecide } from '../../../app/core/proxy/responses/support.js';

const json = (value: unknown): string => JSON.stringify(value);

const decisions: { name: string; status: number; body: string; notServed: boolean }[] = [
  { name: '404 without a body', status: 404, body: '', notServed: true },
  { name: 'OpenAI-style unknown URL', status: 404, body: json({ error: { message: 'Invalid URL (POST /v1/responses)', type: 'invalid_request_error' } }), notServed: true },
  { name: 'express-style page', status: 404, body: '<pre>Cannot POST /v1/responses</pre>', notServed: true },
  { name: '405', status: 405, body: 'Method Not Allowed', notServed: true },
  { name: '501', status: 501, body: '', notServed: true },
  { name: '404 about the model: the route answered', status: 404, body: json({ error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } }), notServed: false },
  { name: '400 unsupported endpoint', status: 400, body: json({ status: 'failure', message: 'anthropic is not supported for the responses endpoint' }), notServed: true },
  { name: '400 unknown route', status: 400, body: json({ error: { message: 'Unknown route: /v1/responses' } }), notServed: true },
  { name: '400 about the request', status: 400, body: json({ error: { message: "Invalid value for 'temperature'", param: 'temperature' } }), notServed: false },
  { name: '400 about the key, not the route', status: 400, body: json({ error: { message: 'Invalid API key provided' } }), notServed: false },
  { name: '401', status: 401, body: json({ error: { message: 'Invalid endpoint credentials' } }), notServed: false },
  { name: '500', status: 500, body: 'endpoint not found', notServed: false },
  // What real Portkey 1.15.2 answers for anthropic and google (GATEWAY.md).
  { name: "Portkey's 500 createModelResponse is not supported by anthropic", status: 500, body: json({ status: 'failure', message: 'createModelResponse is not supported by anthropic' }), notServed: true },
  { name: "Portkey's 500 for google", status: 500, body: json({ status: 'failure', message: 'createModelResponse is not supported by google' }), notServed: true },
  { name: "Portkey's 500 Something went wrong says nothing", status: 500, body: json({ status: 'failure', message: 'Something went wrong' }), notServed: false },
  { name: 'a provider 500 relayed by Portkey says nothing', status: 500, body: json({ error: { message: 'anthropic error: internal' }, provider: 'anthropic' }), notServed: false },
  { name: '400 responses API not supported for the provider', status: 400, body: json({ error: { message: 'The Responses API is not supported for this provider' } }), notServed: true },
  { name: '200', status: 200, body: '', notServed: false },
];

for (const d of decisions) {
  test(`not served? ${d.name} -> ${d.notServed}`, () => {
    assert.equal(isResponsesNotServed(d.status, d.body), d.notServed);
  });
}

test('the body is needed only for 400, 404 and 500', () => {
  assert.deepEqual([200, 400, 401, 404, 405, 500, 501, 502].filter(needsBodyToDecide), [400, 404, 500]);
});

test('auto mode probes once per gateway, then remembers; fixed modes never probe', () => {
  const support = new ResponsesSupport('auto', { 'https://old.example': false });
  assert.equal(support.route('https://gw.example'), 'probe');
  assert.equal(support.observe('https://gw.example', 429, ''), 'unknown');
  assert.equal(support.route('https://gw.example'), 'probe', 'a rate limit says nothing about the route');
  assert.equal(support.observe('https://gw.example', 404, ''), 'not_served');
  assert.equal(support.route('https://gw.example'), 'translate');
  assert.equal(support.observe('https://other.example', 200, ''), 'served');
  assert.equal(support.route('https://other.example'), 'passthrough');
  assert.equal(support.route('https://old.example'), 'translate', 'restored from disk');
  assert.deepEqual(support.snapshot(), { 'https://old.example': false, 'https://gw.example': false, 'https://other.example': true });
  support.set('https://gw.example', true);
  assert.equal(support.get('https://gw.example'), true);
  support.setMode('translate');
  assert.equal(support.route('https://other.example'), 'translate');
  assert.equal(new ResponsesSupport('passthrough').route('x'), 'passthrough');
});
