import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../../app/core/config/secret-store.js';
import { SettingsService } from '../../../app/core/config/settings-service.js';
import { FileSettingsStore, MemorySettingsStore } from '../../../app/core/config/settings-store.js';
import { validateSettings } from '../../../app/core/config/validate-settings.js';
import { AppError } from '../../../app/core/errors.js';

const good = {
  gatewayUrl: 'https://ai-gateway.example.com',
  clientId: 'abc123',
  clientSecret: 's3cret-value',
  tokenEndpoint: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
  scope: 'gateway/invoke',
};

function problem(input: Parameters<typeof validateSettings>[0], field: string) {
  const found = validateSettings(input).find((e) => e.field === field);
  assert.ok(found, `expected a problem with ${field}, got ${JSON.stringify(validateSettings(input))}`);
  return found;
}

test('complete, valid settings have no problems', () => {
  assert.deepEqual(validateSettings(good), []);
  assert.deepEqual(validateSettings({ ...good, scope: '' }), []);
  assert.deepEqual(validateSettings({ ...good, gatewayUrl: 'https://gw.example.com/portkey' }), [], 'a path prefix is fine');
});

test('GATEWAY_URL ending in /v1 is refused with the corrected URL', () => {
  for (const url of ['https://gw.example.com/v1', 'https://gw.example.com/v1/', 'https://gw.example.com/base/v1']) {
    const p = problem({ ...good, gatewayUrl: url }, 'gatewayUrl');
    assert.equal(p.code, 'settings_invalid');
    assert.match(p.message, /GATEWAY_URL/);
    assert.match(p.message, /ends in \/v1/);
    assert.ok(p.message.includes(url.replace(/\/v1\/?$/, '')), `the fix names ${url.replace(/\/v1\/?$/, '')}: ${p.message}`);
  }
});

test('http:// outside loopback is refused for both URLs; loopback may use http', () => {
  const gw = problem({ ...good, gatewayUrl: 'http://gw.example.com' }, 'gatewayUrl');
  assert.match(gw.message, /http:\/\//);
  assert.match(gw.message, /https:\/\/gw\.example\.com/, 'names the https:// fix');
  const te = problem({ ...good, tokenEndpoint: 'http://auth.example.com/oauth2/token' }, 'tokenEndpoint');
  assert.match(te.message, /GATEWAY_TOKEN_ENDPOINT/);
  assert.match(te.message, /https:\/\//);
  for (const host of ['127.0.0.1:9000', 'localhost:9000', '[::1]:9000']) {
    assert.deepEqual(validateSettings({ ...good, gatewayUrl: `http://${host}`, tokenEndpoint: `http://${host}/oauth2/token` }), [], host);
  }
  // A name that merely starts like a loopback address is not one.
  problem({ ...good, gatewayUrl: 'http://127.0.0.1.evil.example' }, 'gatewayUrl');
  problem({ ...good, tokenEndpoint: 'http://localhost.evil.example/oauth2/token' }, 'tokenEndpoint');
});

test('missing values are each named with the variable to set', () => {
  const errors = validateSettings({});
  const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
  for (const [field, variable] of [
    ['gatewayUrl', 'GATEWAY_URL'],
    ['clientId', 'GATEWAY_CLIENT_ID'],
    ['clientSecret', 'GATEWAY_CLIENT_SECRET'],
    ['tokenEndpoint', 'GATEWAY_TOKEN_ENDPOINT'],
  ] as const) {
    assert.equal(byField[field]?.code, 'settings_missing', field);
    assert.match(byField[field]!.message, new RegExp(variable));
  }
  assert.deepEqual(validateSettings({ ...good, clientSecret: undefined, hasStoredSecret: true }), [], 'a stored secret counts');
});

test('a bad scope is refused with an example of a good one', () => {
  for (const scope of ['"gateway/invoke"', 'a  b', ' leading', 'back\\slash']) {
    const p = problem({ ...good, scope }, 'scope');
    assert.equal(p.code, 'settings_invalid');
    assert.match(p.message, /GATEWAY_SCOPE/);
  }
  assert.deepEqual(validateSettings({ ...good, scope: 'gateway/invoke gateway/read' }), []);
});

test('other mistakes users make: no scheme, credentials in the URL, query, token endpoint without a path, spaces', () => {
  assert.match(problem({ ...good, gatewayUrl: 'ai-gateway.example.com' }, 'gatewayUrl').message, /scheme/);
  assert.match(problem({ ...good, gatewayUrl: 'https://u:p@gw.example.com' }, 'gatewayUrl').message, /user name or password/);
  assert.match(problem({ ...good, gatewayUrl: 'https://gw.example.com?x=1' }, 'gatewayUrl').message, /query/);
  assert.match(problem({ ...good, tokenEndpoint: 'https://auth.example.com' }, 'tokenEndpoint').message, /\/oauth2\/token/);
  assert.match(problem({ ...good, clientId: 'abc 123' }, 'clientId').message, /spaces/);
  assert.match(problem({ ...good, clientSecret: 'abc\n' }, 'clientSecret').message, /line break/);
  assert.match(problem({ ...good, port: 70000 }, 'port').message, /not a TCP port/);
});

function service(env: Record<string, string | undefined>, stored = {}, secret: string | null = null) {
  const memory = new MemorySecretStore();
  return new SettingsService(new MemorySettingsStore(stored), { secure: new MemorySecretStore(secret), file: new MemorySecretStore(), memory }, env);
}

test('the environment wins over stored values, and sources say where each came from', async () => {
  const s = service(
    { GATEWAY_URL: 'https://env.example.com/', GATEWAY_CLIENT_SECRET: 'from-env-secret' },
    { gatewayUrl: 'https://stored.example.com', clientId: 'stored-id', tokenEndpoint: good.tokenEndpoint },
    'stored-secret',
  );
  const { settings, view } = await s.snapshot();
  assert.ok(settings);
  assert.equal(settings.gatewayUrl, 'https://env.example.com', 'trailing slash trimmed');
  assert.equal(settings.clientId, 'stored-id');
  assert.equal(settings.clientSecret, 'from-env-secret');
  assert.equal(settings.authMethod, 'client_secret_basic', 'basic by default');
  assert.equal(view.sources.gatewayUrl, 'environment');
  assert.equal(view.sources.clientId, 'stored');
  assert.equal(view.secret.storage, 'environment');
  assert.equal(JSON.stringify(view).includes('from-env-secret'), false, 'the public view never holds the secret');
});

test('require() throws the first problem as an AppError naming the fix', async () => {
  const s = service({ GATEWAY_URL: 'https://gw.example.com/v1', GATEWAY_CLIENT_ID: 'id', GATEWAY_CLIENT_SECRET: 'secret-x', GATEWAY_TOKEN_ENDPOINT: good.tokenEndpoint });
  await assert.rejects(s.require(), (e: unknown) => e instanceof AppError && e.code === 'settings_invalid' && e.field === 'gatewayUrl' && /\/v1/.test(e.message));
  await assert.rejects(service({}).require(), (e: unknown) => e instanceof AppError && e.code === 'settings_missing');
});

test('save() refuses invalid values and keeps the secret out of the settings store', async () => {
  const store = new MemorySettingsStore();
  const secure = new MemorySecretStore();
  const s = new SettingsService(store, { secure, file: new MemorySecretStore(), memory: new MemorySecretStore() }, {});
  await assert.rejects(s.save({ ...good, gatewayUrl: 'http://gw.example.com' }), (e: AppError) => e.field === 'gatewayUrl');
  assert.equal(await s.save({ ...good, authMethod: 'client_secret_post' }), 'memory', 'MemorySecretStore reports its own kind');
  const stored = await store.read();
  assert.equal(stored.authMethod, 'client_secret_post');
  assert.equal(JSON.stringify(stored).includes(good.clientSecret), false);
  assert.equal(await secure.get(), good.clientSecret);
  assert.equal((await s.require()).authMethod, 'client_secret_post');
});

test('the settings file: a bad value is named with its key and what was expected; unknown keys are kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-settings-file-'));
  try {
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ port: '8484' }));
    await assert.rejects(new FileSettingsStore(path).read(), (e: unknown) => e instanceof AppError && e.code === 'settings_invalid' && /at port: expected a whole number from 1 to 65535, got "8484"/.test(e.message));
    await writeFile(path, JSON.stringify({ testModels: { openai: 42 } }));
    await assert.rejects(new FileSettingsStore(path).read(), /at testModels\.openai: expected a model name, got 42/);
    await writeFile(path, JSON.stringify({ authMethod: 'basic' }));
    await assert.rejects(new FileSettingsStore(path).read(), /at authMethod: expected one of "client_secret_basic", "client_secret_post"/);
    await writeFile(path, '[]');
    await assert.rejects(new FileSettingsStore(path).read(), /at the file: expected an object, got a list/);
    await writeFile(path, JSON.stringify({ port: 9000, fromANewerApp: { x: 1 } }));
    assert.deepEqual(await new FileSettingsStore(path).read(), { port: 9000, fromANewerApp: { x: 1 } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a change to a settings file that does not parse is refused and the file is left as it was, lock released', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-settings-change-'));
  try {
    const path = join(dir, 'settings.json');
    const broken = '{ "port": 9000, // a comment JSON does not allow\n}\n';
    await writeFile(path, broken);
    await assert.rejects(new FileSettingsStore(path).change((current) => ({ ...current, port: 9001 })), (e: unknown) => e instanceof AppError && e.code === 'settings_invalid');
    assert.equal(await readFile(path, 'utf8'), broken);
    assert.deepEqual(await readdir(dir), ['settings.json'], 'no lock or temp file left');
    await writeFile(path, JSON.stringify({ port: 9000, fromANewerApp: 1 }));
    await new FileSettingsStore(path).change((current) => ({ ...current, port: 9001 }));
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { port: 9000 + 1, fromANewerApp: 1 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('save() with another token endpoint or client ID and no new secret forgets the stored one; with a new secret keeps only that', async () => {
  const secure = new MemorySecretStore('old-secret');
  const file = new MemorySecretStore('old-file-secret');
  const store = new MemorySettingsStore({ gatewayUrl: 'https://gateway.example.com', clientId: 'old-client', tokenEndpoint: 'https://old.auth.example.com/oauth2/token', secretInFile: true });
  // The new values come with their secret from the environment (what `login` stores then).
  const env = { GATEWAY_CLIENT_ID: 'new-client', GATEWAY_TOKEN_ENDPOINT: 'https://new.auth.example.com/oauth2/token', GATEWAY_CLIENT_SECRET: 'exported' };
  const service = new SettingsService(store, { secure, file, memory: new MemorySecretStore() }, env);
  await service.save({ gatewayUrl: 'https://gateway.example.com', clientId: 'new-client', tokenEndpoint: 'https://new.auth.example.com/oauth2/token' });
  assert.equal(await secure.get(), null);
  assert.equal(await file.get(), null);
  assert.equal((await store.read()).secretInFile, false);
  const later = new SettingsService(store, { secure, file, memory: new MemorySecretStore() }, {});
  assert.equal((await later.snapshot()).view.secret.present, false, 'no secret left to send to the new endpoint');

  // Same endpoint and client: the stored secret stays.
  await secure.set('kept');
  await later.save({ gatewayUrl: 'https://gateway.example.com', clientId: 'new-client', tokenEndpoint: 'https://new.auth.example.com/oauth2/token', scope: 'gateway/invoke' });
  assert.equal(await secure.get(), 'kept');
});

test('two saves at once never bind one save\'s secret to the other\'s endpoint: the binding is decided inside the settings lock', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agw-settings-race-'));
  try {
    const file = new FileSettingsStore(join(dir, 'settings.json'));
    await file.change(() => ({ gatewayUrl: good.gatewayUrl, clientId: good.clientId, tokenEndpoint: good.tokenEndpoint }));
    // The first save's change is late (a slow disk, the other process holding the lock): the second save runs whole meanwhile.
    let first = true;
    const late = {
      read: () => file.read(),
      async change(edit: Parameters<typeof file.change>[0]) {
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return file.change(edit);
      },
    };
    const secure = new MemorySecretStore('old-secret');
    const s = new SettingsService(late, { secure, file: new MemorySecretStore(), memory: new MemorySecretStore() }, {});
    const one = { ...good, tokenEndpoint: 'https://one.example.com/oauth2/token', clientSecret: 'secret-for-one' };
    const two = { ...good, tokenEndpoint: 'https://two.example.com/oauth2/token', clientSecret: 'secret-for-two' };
    await Promise.all([s.save(one), s.save(two)]);
    const stored = await file.read();
    const secret = await secure.get();
    assert.equal(secret, stored.tokenEndpoint === one.tokenEndpoint ? one.clientSecret : two.clientSecret, `${stored.tokenEndpoint} got ${secret}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('another gateway URL asks for the secret again and forgets the stored one when saved with no secret; the environment\'s too', async () => {
  const stored = { gatewayUrl: good.gatewayUrl, clientId: good.clientId, tokenEndpoint: good.tokenEndpoint };
  const secure = new MemorySecretStore(good.clientSecret);
  const store = new MemorySettingsStore(stored);
  const s = new SettingsService(store, { secure, file: new MemorySecretStore(), memory: new MemorySecretStore() }, {});
  const elsewhere = { ...stored, gatewayUrl: 'https://listener.example.net', scope: '' };
  const problems = await s.validate(elsewhere);
  assert.equal(problems[0]?.code, 'settings_secret_unbound');
  assert.match(problems[0]!.message, /gateway URL, token endpoint or client ID differs .* Enter the client secret again/);
  await assert.rejects(s.save(elsewhere), { code: 'settings_secret_unbound', field: 'clientSecret' });
  assert.equal(await secure.get(), good.clientSecret, 'a refused save forgets nothing');
  assert.equal(await s.wouldForgetSecret(elsewhere), true);
  assert.equal(await s.wouldForgetSecret({ ...stored, gatewayUrl: `${good.gatewayUrl}/` }), false, 'a trailing slash is the same gateway');
  assert.equal(await s.secretFor({ ...stored, gatewayUrl: 'https://listener.example.net' }), null);
  assert.equal(await s.secretFor(stored), good.clientSecret);
  // Exported: GATEWAY_URL elsewhere must bring its own secret, as GATEWAY_TOKEN_ENDPOINT does.
  const exported = new SettingsService(store, { secure, file: new MemorySecretStore(), memory: new MemorySecretStore() }, { GATEWAY_URL: 'https://listener.example.net' });
  const snapshot = await exported.snapshot();
  assert.equal(snapshot.settings, null);
  assert.equal(snapshot.errors[0]?.code, 'settings_secret_unbound');
});
