/**
 * Company networks: the gateway and the token endpoint behind TLS signed by a private CA (as with TLS
 * interception), trusted through the `caFile` setting or NODE_EXTRA_CA_CERTS, and reached through a
 * corporate HTTP proxy named by HTTPS_PROXY unless NO_PROXY says otherwise.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { startDoubles, tempDir, type Doubles } from '../helpers/stack.js';
import { cliEnv, runCli, writeSettings } from '../helpers/cli.js';

/** A private CA and a server certificate for 127.0.0.1, made with the openssl command. */
function makeCertificates(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Interception CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1,DNS:localhost\\n" > san.ext'], { cwd: dir });
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
  return { caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}

/** Terminates TLS on a port of its own and passes the plain bytes to `target` (a double). */
async function tlsFront(target: string, key: Buffer, cert: Buffer): Promise<{ url: string; server: TlsServer }> {
  const { port } = new URL(target);
  const server = createTlsServer({ key, cert }, (socket) => {
    const upstream = connect(Number(port), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A corporate forward proxy: answers CONNECT and records which hosts went through it. */
async function connectProxy(): Promise<{ url: string; tunnels: string[]; server: Server }> {
  const tunnels: string[] = [];
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels, server };
}

describe('company networks', () => {
  let doubles: Doubles;
  let certs: ReturnType<typeof makeCertificates>;
  let certDir: string;
  let gatewayFront: Awaited<ReturnType<typeof tlsFront>>;
  let tokenFront: Awaited<ReturnType<typeof tlsFront>>;
  let proxy: Awaited<ReturnType<typeof connectProxy>>;
  let tlsEnv: Record<string, string>;

  before(async () => {
    doubles = await startDoubles();
    certDir = await tempDir('agw-tls-');
    certs = makeCertificates(certDir);
    gatewayFront = await tlsFront(doubles.gateway.url, certs.key, certs.cert);
    tokenFront = await tlsFront(doubles.tokenEndpoint.url, certs.key, certs.cert);
    proxy = await connectProxy();
    tlsEnv = { ...doubles.gatewayEnv, GATEWAY_URL: gatewayFront.url, GATEWAY_TOKEN_ENDPOINT: `${tokenFront.url}/oauth2/token` };
  });

  after(async () => {
    gatewayFront.server.close();
    tokenFront.server.close();
    proxy.server.close();
    await doubles.close();
    await rm(certDir, { recursive: true, force: true });
  });

  test('an untrusted certificate gets an error that names TLS interception and the fix', async () => {
    const home = await tempDir();
    const result = await runCli(['login', '--no-store'], { env: cliEnv(home, tlsEnv) });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /not trusted/);
    assert.match(result.stderr, /inspects TLS traffic/);
    assert.match(result.stderr, /NODE_EXTRA_CA_CERTS/);
    assert.ok(!result.stderr.includes(doubles.gatewayEnv.GATEWAY_CLIENT_SECRET!));
  });

  test('the caFile setting makes the token endpoint and the gateway trusted', async () => {
    const home = await tempDir();
    const env = cliEnv(home, tlsEnv);
    await writeSettings(env, { caFile: certs.caFile });
    const login = await runCli(['login', '--no-store'], { env });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /token valid for/);
    const probe = await runCli(['test', 'openai', '--json'], { env });
    assert.equal(probe.code, 0, probe.stdout + probe.stderr);
    assert.equal((JSON.parse(probe.stdout) as { ok: boolean }[])[0]!.ok, true);
  });

  test('NODE_EXTRA_CA_CERTS is honoured as well', async () => {
    const home = await tempDir();
    const result = await runCli(['test', 'anthropic', '--json'], { env: cliEnv(home, { ...tlsEnv, NODE_EXTRA_CA_CERTS: certs.caFile }) });
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('HTTPS_PROXY carries both the token request and the gateway request; NO_PROXY bypasses it', async () => {
    const home = await tempDir();
    proxy.tunnels.length = 0;
    const through = await runCli(['test', 'google', '--json'], { env: cliEnv(home, { ...tlsEnv, NODE_EXTRA_CA_CERTS: certs.caFile, HTTPS_PROXY: proxy.url }) });
    assert.equal(through.code, 0, through.stdout + through.stderr);
    const tokenHost = new URL(tokenFront.url).host;
    const gatewayHost = new URL(gatewayFront.url).host;
    assert.ok(proxy.tunnels.includes(tokenHost), `token endpoint not tunnelled: ${proxy.tunnels.join(', ')}`);
    assert.ok(proxy.tunnels.includes(gatewayHost), `gateway not tunnelled: ${proxy.tunnels.join(', ')}`);

    proxy.tunnels.length = 0;
    const bypass = await runCli(['test', 'google', '--json'], { env: cliEnv(home, { ...tlsEnv, NODE_EXTRA_CA_CERTS: certs.caFile, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }) });
    assert.equal(bypass.code, 0, bypass.stdout + bypass.stderr);
    assert.deepEqual(proxy.tunnels, []);
  });
});
