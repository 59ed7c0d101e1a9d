import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'undici';
import { createServer as createHttpServer } from 'node:http';
import { createTokenGrant, FORM_SETTING_NAMES, type TokenClientOptions } from '../../app/core/auth/token-client.js';
import { TokenService } from '../../app/core/auth/token-service.js';
import { MemorySettingsStore } from '../../app/core/config/settings-store.js';
import { TokenEndpoint } from '../../app/core/demo/token-endpoint.js';
import type { AppError } from '../../app/core/errors.js';
import { freePort, startStack, TEST_CLIENT_ID, TEST_CLIENT_SECRET } from '../helpers/stack.js';

let endpoint: TokenEndpoint;
const dispatcher = new Agent();

before(async () => {
  endpoint = await new TokenEndpoint({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, scopes: ['gateway/invoke', 'gateway/read'] }).start();
});
after(async () => {
  await endpoint.close();
  await dispatcher.close();
});

function grant(options: Partial<TokenClientOptions> = {}) {
  return createTokenGrant({ tokenEndpoint: endpoint.url, clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, scope: '', authMethod: 'client_secret_basic', dispatcher, ...options });
}

const code = (expected: string) => (e: AppError) => {
  assert.equal(e.code, expected, e.message);
  assert.equal(e.side, 'token_endpoint');
  assert.equal(e.message.includes(TEST_CLIENT_SECRET), false, 'never the secret');
  return true;
};

test('client_secret_basic by default, a signed JWT with its lifetime', async () => {
  const token = await grant()(AbortSignal.timeout(5000));
  assert.equal(endpoint.lastRequest?.method, 'basic');
  assert.equal(endpoint.lastRequest?.scope, null, 'no scope unless set');
  assert.equal(token.expiresIn, 3600);
  assert.match(token.accessToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
});

test('client_secret_post when set, and the scope is passed', async () => {
  await grant({ authMethod: 'client_secret_post', scope: 'gateway/invoke gateway/read' })(AbortSignal.timeout(5000));
  assert.deepEqual(endpoint.lastRequest, { method: 'post', scope: 'gateway/invoke gateway/read' });
});

test('a secret with characters that need form-encoding survives client_secret_basic', async () => {
  const odd = await new TokenEndpoint({ clientId: 'id:with+odd chars', clientSecret: 'p@ss:w/rd+&=%' }).start();
  try {
    const token = await createTokenGrant({ tokenEndpoint: odd.url, clientId: 'id:with+odd chars', clientSecret: 'p@ss:w/rd+&=%', scope: '', authMethod: 'client_secret_basic', dispatcher })(AbortSignal.timeout(5000));
    assert.ok(token.accessToken);
  } finally {
    await odd.close();
  }
});

test('wrong secret and invalid_client are credentials_rejected', async () => {
  await assert.rejects(grant({ clientSecret: 'wrong-secret-123' })(AbortSignal.timeout(5000)), code('credentials_rejected'));
  endpoint.setFault({ kind: 'invalid_client' }, 1);
  await assert.rejects(grant()(AbortSignal.timeout(5000)), code('credentials_rejected'));
});

test('an unknown scope is a settings problem naming GATEWAY_SCOPE', async () => {
  await assert.rejects(grant({ scope: 'admin/everything' })(AbortSignal.timeout(5000)), (e: AppError) => e.code === 'settings_invalid' && e.field === 'scope' && /GATEWAY_SCOPE/.test(e.message));
});

test('malformed and partial token responses are token_response_invalid', async () => {
  for (const fault of [{ kind: 'garbage' }, { kind: 'partial' }, { kind: 'status', status: 200, body: '{"token_type":"Bearer","expires_in":3600}' }] as const) {
    endpoint.setFault(fault, 1);
    await assert.rejects(grant()(AbortSignal.timeout(5000)), code('token_response_invalid'), JSON.stringify(fault));
  }
});

test('a 5xx is token_endpoint_error; a closed port is token_endpoint_unreachable', async () => {
  endpoint.setFault({ kind: 'status', status: 503 }, 1);
  await assert.rejects(grant()(AbortSignal.timeout(5000)), code('token_endpoint_error'));
  const closed = await freePort();
  await assert.rejects(grant({ tokenEndpoint: `http://127.0.0.1:${closed}/oauth2/token` })(AbortSignal.timeout(5000)), code('token_endpoint_unreachable'));
});

test('no expires_in: the lifetime comes from the JWT exp claim', async () => {
  const quiet = await new TokenEndpoint({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, omitExpiresIn: true, lifetimeSeconds: 600 }).start();
  try {
    const token = await createTokenGrant({ tokenEndpoint: quiet.url, clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, scope: '', authMethod: 'client_secret_basic', dispatcher })(AbortSignal.timeout(5000));
    assert.ok(token.expiresIn >= 598 && token.expiresIn <= 600, String(token.expiresIn));
  } finally {
    await quiet.close();
  }
});

test('TokenService on the real endpoint: one request for 50 waiters; a hang times out, releases the lock, and the next call succeeds', async () => {
  const service = new TokenService(grant(), { timeoutMs: 300, minDemandGapMs: 0 });
  const before = endpoint.requests;
  const tokens = await Promise.all(Array.from({ length: 50 }, () => service.getToken()));
  assert.equal(new Set(tokens).size, 1);
  assert.equal(endpoint.requests - before, 1);

  const hanging = new TokenService(grant(), { timeoutMs: 300, minDemandGapMs: 0 });
  endpoint.setFault({ kind: 'hang' }, 1);
  const started = performance.now();
  await assert.rejects(hanging.getToken(), code('token_endpoint_timeout'));
  const waited = performance.now() - started;
  assert.ok(waited >= 280 && waited < 3000, `bounded wait: ${waited} ms`);
  assert.notEqual(hanging.status().state, 'refreshing');
  assert.match(await hanging.getToken(), /^eyJ/);
});

test('through the Runtime: GATEWAY_SCOPE is sent, and client_secret_post is a stored setting', async () => {
  const stack = await startStack({
    tokenEndpoint: { scopes: ['gateway/invoke'] },
    env: { GATEWAY_SCOPE: 'gateway/invoke' },
    runtime: { settingsStore: new MemorySettingsStore({ authMethod: 'client_secret_post' }) },
    proxy: false,
  });
  try {
    await stack.runtime.tokens.getToken();
    assert.deepEqual(stack.tokenEndpoint.lastRequest, { method: 'post', scope: 'gateway/invoke' });
  } finally {
    await stack.close();
  }
});

/** A server answering every request with one fixed page, like the gateway's load balancer does at a wrong path. */
async function pageServer(status: number, headers: Record<string, string>, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/oauth2/token`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('the gateway URL as token endpoint: the load balancer\'s HTML 401 is named as such, not blamed on the credentials', async () => {
  // What the ALB answers without a valid JWT (/work/shared/GATEWAY.md): HTML, server awselb/2.0, a Bearer challenge.
  const alb = await pageServer(401, { 'content-type': 'text/html', server: 'awselb/2.0', 'www-authenticate': 'Bearer error="invalid_token"' }, '<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center></body></html>');
  try {
    await assert.rejects(grant({ tokenEndpoint: alb.url })(AbortSignal.timeout(5000)), (e: AppError) => {
      code('token_response_invalid')(e);
      assert.match(e.message, /answered HTTP 401 like a load balancer \(server: awselb\/2\.0\), not an OAuth2 token endpoint: check GATEWAY_TOKEN_ENDPOINT \(the Cognito \.\.\.\/oauth2\/token URL\)/);
      assert.doesNotMatch(e.message, /rejected the client credentials/);
      assert.equal(e.field, 'tokenEndpoint');
      return true;
    });
    // The form's words when the form sent it.
    await assert.rejects(grant({ tokenEndpoint: alb.url, names: FORM_SETTING_NAMES })(AbortSignal.timeout(5000)), (e: AppError) => /check the Token endpoint field \(/.test(e.message));
  } finally {
    await alb.close();
  }
  const web = await pageServer(404, { 'content-type': 'text/html; charset=utf-8' }, '<!doctype html><title>Not found</title>');
  try {
    await assert.rejects(grant({ tokenEndpoint: web.url })(AbortSignal.timeout(5000)), (e: AppError) => /answered HTTP 404 like a web page, not an OAuth2 token endpoint: check GATEWAY_TOKEN_ENDPOINT/.test(e.message));
  } finally {
    await web.close();
  }
});

test('an OAuth2 JSON refusal is still the credentials, named in the terms of where they came from', async () => {
  await assert.rejects(grant({ clientSecret: 'wrong-secret' })(AbortSignal.timeout(5000)), (e: AppError) => {
    code('credentials_rejected')(e);
    assert.match(e.message, /Check GATEWAY_CLIENT_ID and GATEWAY_CLIENT_SECRET, then log in again\./);
    return true;
  });
  await assert.rejects(grant({ clientSecret: 'wrong-secret', names: FORM_SETTING_NAMES })(AbortSignal.timeout(5000)), (e: AppError) => /Check the Client ID and the Client secret, then save again\./.test(e.message));
});
