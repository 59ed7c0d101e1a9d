/**
 * The HTTP client side of company networks: keep-alive connections, HTTPS_PROXY/NO_PROXY, and extra
 * CA certificates (NODE_EXTRA_CA_CERTS and the `caFile` setting) for TLS-inspecting proxies.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { AppError } from '../errors.js';

/** What shapes the outgoing connections. */
export interface DispatcherOptions {
  env?: Record<string, string | undefined>;
  /** A PEM bundle to trust on top of the system's roots. */
  caFile?: string;
  /** Longest wait for response headers; model answers that are not streamed can take minutes. */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks. */
  bodyTimeoutMs?: number;
  connectTimeoutMs?: number;
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new AppError('settings_invalid', `The CA file ${path} (${what}) cannot be read. Fix the path or remove the setting.`, { field: 'caFile' });
  }
}

/** The trusted roots: Node's bundled roots plus NODE_EXTRA_CA_CERTS plus the setting, or undefined for Node's default. */
export function trustedCas(env: Record<string, string | undefined>, caFile?: string): string[] | undefined {
  if (!caFile) return undefined; // Node already adds NODE_EXTRA_CA_CERTS to its default store.
  const cas = [...rootCertificates, readPem(caFile, 'caFile setting')];
  if (env.NODE_EXTRA_CA_CERTS) cas.push(readPem(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS'));
  return cas;
}

function proxyConfigured(env: Record<string, string | undefined>): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/** A connection pool for the gateway and the token endpoint, through the corporate proxy when the environment names one. */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  const ca = trustedCas(env, options.caFile);
  const tls = ca ? { ca } : {};
  const common = {
    headersTimeout: options.headersTimeoutMs ?? 600_000,
    bodyTimeout: options.bodyTimeoutMs ?? 300_000,
    keepAliveTimeout: 30_000,
    connect: { timeout: options.connectTimeoutMs ?? 10_000, ...tls },
  };
  if (!proxyConfigured(env)) return new Agent(common);
  return new EnvHttpProxyAgent({
    ...common,
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
    requestTls: tls,
  });
}
