/** The explanation of failed gateway answers (bodies as real Portkey 1.15.2 and an AWS ALB send them) and the caller's shapes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerApiOf, callerApiOfUrl, errorBody, sseErrorEvent } from '../../../app/core/proxy/errors/caller-shape.js';
import { explainGatewayError, type FailedAnswer } from '../../../app/core/proxy/errors/explain.js';
import { isRelayedProvider401 } from '../../../app/core/proxy/errors/origin.js';

const ALB_401 = '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n</body>\r\n</html>\r\n';
const albHeaders = { server: 'awselb/2.0', 'content-type': 'text/html', 'www-authenticate': 'Bearer error="invalid_token"' };
const explain = (answer: Partial<FailedAnswer> & { status: number; body: string }) => explainGatewayError({ headers: { 'content-type': 'application/json' }, provider: 'anthropic', pathname: '/v1/messages', ...answer });

test("the ALB's HTML 401 is the token, named as the load balancer's refusal", () => {
  const e = explain({ status: 401, body: ALB_401, headers: albHeaders, refresh: 'replayed' });
  assert.equal(e.cause, 'token_rejected');
  assert.equal(e.side, 'gateway');
  assert.match(e.message, /load balancer rejected the company token \(HTTP 401\)\. A fresh token was requested and refused too/);
  assert.ok(!e.message.includes('<html>'), 'no HTML page in the message');
  assert.match(explain({ status: 401, body: ALB_401, headers: albHeaders, refresh: 'bounded' }).message, /already requested less than 30 s ago/);
});

test("a provider's 401 relayed by Portkey is the provider key at the gateway, not the token", () => {
  const body = JSON.stringify({ error: { message: 'anthropic error: invalid x-api-key', type: 'authentication_error' }, provider: 'anthropic' });
  assert.equal(isRelayedProvider401({ 'content-type': 'application/json' }, body), true);
  assert.equal(isRelayedProvider401({ 'x-portkey-trace-id': 'abc' }, '{}'), true, 'x-portkey-* response headers alone say Portkey relayed it');
  assert.equal(isRelayedProvider401(albHeaders, ALB_401), false);
  const e = explain({ status: 401, body });
  assert.equal(e.cause, 'provider_key_rejected');
  assert.equal(e.side, 'provider');
  assert.match(e.message, /invalid x-api-key.*anthropic key lives at the gateway.*ask the gateway team.*none was requested/);
});

test("Portkey's own failure names Portkey and quotes its message", () => {
  const e = explain({ status: 500, body: JSON.stringify({ status: 'failure', message: 'Something went wrong' }), headers: { 'content-type': 'application/json', 'x-portkey-gateway-exception': 'true' } });
  assert.equal(e.cause, 'portkey_failure');
  assert.match(e.message, /^Portkey failed \(HTTP 500\): Something went wrong\. This is the gateway's own failure/);
});

test('an unreachable provider behind Portkey, plain and wrapped', () => {
  const html = JSON.stringify({ 'html-message': 'Message: fetch failed Cause: Error: connect ECONNREFUSED 127.0.0.1:9 Name: TypeError' });
  const plain = explain({ status: 500, body: html });
  assert.equal(plain.cause, 'provider_unreachable');
  assert.equal(plain.side, 'provider');
  assert.match(plain.message, /Portkey could not reach the anthropic provider: Message: fetch failed .*ECONNREFUSED.*tell the gateway team/);
  const wrapped = JSON.stringify({ error: { message: `Invalid response received from anthropic: ${html}` }, provider: 'anthropic' });
  assert.equal(explain({ status: 500, body: wrapped }).cause, 'provider_unreachable');
});

test("an unreachable provider is a bad gateway: Portkey's 500 becomes 502, a status that already says more is kept", () => {
  const html = JSON.stringify({ 'html-message': 'Message: fetch failed Cause: Error: connect ECONNREFUSED 127.0.0.1:9 Name: TypeError' });
  assert.equal(explain({ status: 500, body: html }).status, 502);
  const wrapped = JSON.stringify({ error: { message: `Invalid response received from anthropic: ${html}` }, provider: 'anthropic' });
  assert.equal(explain({ status: 500, body: wrapped }).status, 502);
  const timedOut = JSON.stringify({ 'html-message': 'Message: fetch failed Cause: Error: connect ETIMEDOUT 10.0.0.1:443' });
  assert.equal(explain({ status: 504, body: timedOut }).status, 504);
  // Portkey's own failure is still the 500 it is.
  assert.equal(explain({ status: 500, body: JSON.stringify({ status: 'failure', message: 'Something went wrong' }) }).status, 500);
});

test("azure-openai without its options: Portkey's EAI_AGAIN undefined.openai.azure.com names the missing setting", () => {
  const body = JSON.stringify({ 'html-message': 'Message: fetch failed Cause: Error: getaddrinfo EAI_AGAIN undefined.openai.azure.com' });
  const e = explain({ status: 500, body, provider: 'azure-openai', pathname: '/v1/chat/completions' });
  assert.equal(e.cause, 'provider_options_missing');
  assert.equal(e.side, 'local');
  assert.equal(e.status, 503, "a setting missing here, not Portkey's bare 500 (which Codex hides)");
  assert.match(e.message, /azure-openai needs the Azure resource name: set GATEWAY_AZURE_RESOURCE_NAME/);
});

test('provider rate limits and overloads keep the provider text and say when to retry', () => {
  const body = JSON.stringify({ error: { message: 'anthropic error: Number of request tokens has exceeded your per-minute rate limit', type: 'rate_limit_error' }, provider: 'anthropic' });
  const e = explain({ status: 429, body, headers: { 'retry-after': '20' } });
  assert.equal(e.cause, 'provider_rate_limited');
  assert.equal(e.type, 'rate_limit_error');
  assert.match(e.message, /The anthropic provider is rate limiting requests \(HTTP 429\): anthropic error: Number of request tokens.*retry-after: 20 s/);
  assert.equal(explain({ status: 529, body: JSON.stringify({ error: { message: 'Overloaded', type: 'api_error' }, provider: 'anthropic' }) }).type, 'overloaded_error');
});

test('no provider header, unknown route, HTML 502 from the load balancer', () => {
  assert.equal(explain({ status: 400, body: JSON.stringify({ status: 'failure', message: 'Either x-portkey-config or x-portkey-provider header is required' }) }).cause, 'provider_not_set');
  assert.equal(explain({ status: 404, body: JSON.stringify({ message: 'Not Found', ok: false }) }).cause, 'route_not_served');
  const lb = explain({ status: 502, body: '<html><body>502 Bad Gateway</body></html>', headers: { server: 'awselb/2.0', 'content-type': 'text/html' } });
  assert.equal(lb.cause, 'load_balancer_error');
  assert.match(lb.message, /load balancer \(awselb\/2\.0\) answered HTTP 502/);
});

test('google without a key at the gateway: the 400 "API key not valid" is the provider key', () => {
  const body = JSON.stringify({ error: { message: 'google error: API key not valid. Please pass a valid API key.', type: 'INVALID_ARGUMENT' }, provider: 'google' });
  const e = explain({ status: 400, body, provider: 'google', pathname: '/v1/chat/completions' });
  assert.equal(e.cause, 'provider_key_rejected');
  assert.match(e.message, /x-portkey-config/);
});

test('a secret in what the gateway sent is not quoted', () => {
  const e = explain({ status: 500, body: JSON.stringify({ status: 'failure', message: 'bad header Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eHh4eHh4In0.c2lnbmF0dXJlc2ln' }) });
  assert.ok(!e.message.includes('eyJhbGciOiJSUzI1NiJ9'), e.message);
});

test("the caller's shape: Anthropic on /v1/messages, OpenAI elsewhere, with our code and side", () => {
  assert.equal(callerApiOf('/v1/messages'), 'anthropic');
  assert.equal(callerApiOf('/v1/messages/count_tokens'), 'anthropic');
  assert.equal(callerApiOf('/v1/chat/completions'), 'openai');
  assert.equal(callerApiOf('/v1/responses'), 'openai');
  assert.equal(callerApiOfUrl('/anthropic/v1/messages?beta=true'), 'anthropic');
  assert.equal(callerApiOfUrl('/openai/v1/chat/completions'), 'openai');
  const error = { status: 429, message: 'slow down', code: 'rate_limit_exceeded', side: 'provider' as const };
  assert.deepEqual(errorBody('anthropic', error), { type: 'error', error: { type: 'rate_limit_error', message: 'slow down', code: 'rate_limit_exceeded', side: 'provider' } });
  assert.deepEqual(errorBody('openai', error), { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded', side: 'provider' } });
  assert.equal(sseErrorEvent('anthropic', '/v1/messages', error), `event: error\ndata: ${JSON.stringify(errorBody('anthropic', error))}\n\n`);
  assert.match(sseErrorEvent('openai', '/v1/chat/completions', error), /^data: \{"error":\{"message":"slow down"/);
  const responses = JSON.parse(sseErrorEvent('openai', '/v1/responses', error).split('data: ')[1]!) as { type: string; code: string; message: string };
  assert.deepEqual([responses.type, responses.code, responses.message], ['error', 'rate_limit_exceeded', 'slow down']);
});
