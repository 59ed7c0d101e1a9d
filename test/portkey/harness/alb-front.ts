/**
 * An AWS-ALB-shaped front for the real Portkey: checks the Cognito JWT against the token endpoint's JWKS,
 * answers a missing or invalid token the way an ALB's JWT verification does (HTML 401, `server: awselb/2.0`,
 * `WWW-Authenticate: Bearer error="invalid_token"`), forwards the request with the token as is, and adds what
 * the company's side adds: Portkey's custom host pointing at the mock provider. A client's own
 * `x-portkey-custom-host` never gets through.
 *
 * The provider key: Portkey OSS takes it from `Authorization`, which the ALB forwards unchanged, so the mock
 * provider receives the JWT as its key (what a deployment without a Portkey-side config would send).
 */
import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';

/** How to start it. */
export interface AlbFrontOptions {
  /** The Portkey to forward to, e.g. http://127.0.0.1:8787. */
  portkeyUrl: string;
  /** The token issuer (`iss`); its JWKS is read from `ISSUER/.well-known/jwks.json`, as the ALB reads Cognito's. */
  issuer: string;
  /** The mock provider's origin: the front sets Portkey's custom host below it, per provider. */
  providerOrigin: string;
}

// The page an ALB sends for its own 401 and 502 (the body and headers as AWS sends them).
const page = (title: string) => `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;

/** A running ALB-shaped front. */
export class AlbFront {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  /** Requests let through to Portkey. */
  forwarded = 0;
  /** Requests answered with the ALB's 401. */
  rejected = 0;
  /** Refuse the next N requests with the 401 although their token is valid (a revoked or skewed token). */
  rejectNext = 0;

  constructor(private readonly options: AlbFrontOptions) {
    this.keys = createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`));
  }

  /** GATEWAY_URL for the app. */
  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Starts on 127.0.0.1, port 0. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Stops, cutting open streams. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Where the front points Portkey for this request's provider (null: nowhere, Portkey uses the provider's real host). */
  customHost(provider: string | undefined, azureResource: string | undefined): string | null {
    const origin = this.options.providerOrigin;
    if (provider === 'openai') return `${origin}/openai/v1`;
    if (provider === 'anthropic') return `${origin}/anthropic/v1`;
    if (provider === 'google') return `${origin}/google`;
    // https://RESOURCE.openai.azure.com/openai, as DNS would resolve it; without a resource Portkey calls
    // https://undefined.openai.azure.com, which does not resolve (as in production).
    if (provider === 'azure-openai' && azureResource && /^[a-z0-9-]+$/i.test(azureResource)) return `${origin}/azure/${azureResource}/openai`;
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await this.admits(req.headers.authorization))) {
      this.rejected++;
      return this.albPage(res, 401, '401 Authorization Required', { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    this.forwarded++;
    const headers: OutgoingHttpHeaders = { ...req.headers };
    // A proxy's own hop: the connection headers are not forwarded (RFC 9110 7.6.1).
    for (const name of ['connection', 'keep-alive', 'proxy-connection', 'te', 'upgrade', 'x-portkey-custom-host']) delete headers[name];
    const one = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const host = this.customHost(one('x-portkey-provider'), one('x-portkey-azure-resource-name'));
    if (host) headers['x-portkey-custom-host'] = host;
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
    headers['x-forwarded-proto'] = 'https';
    headers['x-forwarded-port'] = '443';
    headers['x-amzn-trace-id'] = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const target = new URL(this.options.portkeyUrl);
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) this.albPage(res, 502, '502 Bad Gateway');
      else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  private async admits(authorization: string | undefined): Promise<boolean> {
    if (this.rejectNext > 0) {
      this.rejectNext--;
      return false;
    }
    if (!authorization?.startsWith('Bearer ')) return false;
    try {
      await jwtVerify(authorization.slice(7), this.keys, { issuer: this.options.issuer, algorithms: ['RS256'] });
      return true;
    } catch {
      return false;
    }
  }

  private albPage(res: ServerResponse, status: number, title: string, extra: Record<string, string> = {}): void {
    const body = page(title);
    res.writeHead(status, { server: 'awselb/2.0', date: new Date().toUTCString(), 'content-type': 'text/html', 'content-length': Buffer.byteLength(body), ...extra });
    res.end(body);
  }
}
