/**
 * A Cognito-shaped OAuth2 token endpoint: client-credentials grant, RS256-signed JWT access tokens,
 * a JWKS, and fault injection. The demo's token endpoint and the tests' double are this one server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** What the endpoint should do wrong next, for the hardening tests and the demo's "make it fail" button. */
export type TokenFault =
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' }
  | { kind: 'garbage' }
  | { kind: 'partial' }
  | { kind: 'invalid_client' };

/** How to start it. */
export interface TokenEndpointOptions {
  clientId: string;
  clientSecret: string;
  /** Token lifetime in seconds (Cognito: 3600; the demo uses a few minutes so refreshes can be watched). */
  lifetimeSeconds?: number;
  port?: number;
  /** Scopes accepted; empty accepts any. */
  scopes?: string[];
  /** Omit expires_in from answers (some endpoints do; the app then reads the JWT's exp). */
  omitExpiresIn?: boolean;
  /** The endpoint's clock, for clock-jump tests. */
  now?: () => number;
}

/** A running token endpoint. */
export class TokenEndpoint {
  private server: Server | null = null;
  private privateKey: CryptoKey | null = null;
  private jwk: JWK | null = null;
  private readonly kid = randomUUID();
  fault: TokenFault | null = null;
  /** How many more requests the fault applies to (Infinity: until cleared). */
  faultTimes = Infinity;
  /** Token requests received (all, including failed ones). */
  requests = 0;
  /** Tokens issued. */
  issued = 0;
  /** The last request's auth method and scope, for tests of client_secret_post and scope. */
  lastRequest: { method: 'basic' | 'post' | 'none'; scope: string | null } | null = null;
  lifetimeSeconds: number;

  constructor(private readonly options: TokenEndpointOptions) {
    this.lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  }

  /** The token URL (what GATEWAY_TOKEN_ENDPOINT points at). */
  get url(): string {
    return `${this.issuer}/oauth2/token`;
  }

  /** The issuer (`iss` claim): the server's origin. */
  get issuer(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The public keys, as the gateway double verifies them. */
  get jwks(): { keys: JWK[] } {
    return { keys: [this.jwk!] };
  }

  /** Starts on 127.0.0.1 (port 0 by default). */
  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    return this;
  }

  /** Stops, cutting hung requests. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Makes the next `times` requests fail as `fault` says (or clears it with null). */
  setFault(fault: TokenFault | null, times = Infinity): void {
    this.fault = fault;
    this.faultTimes = times;
  }

  /** Signs a token now, for tests that need one without the grant (e.g. an expired one). */
  async sign(subject: string, lifetimeSeconds: number, nowMs = this.options.now?.() ?? Date.now()): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    return new SignJWT({ client_id: subject, token_use: 'access', scope: 'gateway/invoke' })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(subject)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey!);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return json(res, 200, this.jwks);
    if (path !== '/oauth2/token') return json(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request' });
    const body = new URLSearchParams(await readText(req));
    this.requests++;
    if (this.fault && this.faultTimes > 0) {
      this.faultTimes--;
      const fault = this.fault;
      if (this.faultTimes === 0) this.fault = null;
      switch (fault.kind) {
        case 'hang':
          return; // Never answers; the client's timeout must fire.
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('<html>upstream proxy error</html>');
        case 'partial':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"access_token": "eyJ');
        case 'invalid_client':
          return json(res, 400, { error: 'invalid_client' });
        case 'status':
          res.writeHead(fault.status, { 'content-type': 'application/json' });
          return void res.end(fault.body ?? JSON.stringify({ error: 'temporarily_unavailable' }));
      }
    }
    const credentials = clientCredentials(req, body);
    this.lastRequest = { method: credentials.method, scope: body.get('scope') };
    if (body.get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
    if (credentials.id !== this.options.clientId || credentials.secret !== this.options.clientSecret) return json(res, 400, { error: 'invalid_client' });
    const scope = body.get('scope');
    const allowed = this.options.scopes ?? [];
    if (scope && allowed.length > 0 && !scope.split(' ').every((s) => allowed.includes(s))) return json(res, 400, { error: 'invalid_scope' });
    const accessToken = await this.sign(credentials.id, this.lifetimeSeconds);
    this.issued++;
    const answer: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer' };
    if (!this.options.omitExpiresIn) answer.expires_in = this.lifetimeSeconds;
    json(res, 200, answer);
  }
}

function clientCredentials(req: IncomingMessage, body: URLSearchParams): { id: string | null; secret: string | null; method: 'basic' | 'post' | 'none' } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // RFC 6749 2.3.1: both parts are form-urlencoded before joining.
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)), method: 'basic' };
  }
  if (body.has('client_secret')) return { id: body.get('client_id'), secret: body.get('client_secret'), method: 'post' };
  return { id: body.get('client_id'), secret: null, method: 'none' };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
