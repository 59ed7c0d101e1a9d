/**
 * Keeps one valid gateway token in memory: refresh ahead of expiry, one refresh in flight however many
 * requests wait, bounded waits, jittered backoff, a still-valid token served while the endpoint is down,
 * and no retry loop once the credentials are rejected.
 */
import { EventEmitter } from 'node:events';
import type { TokenStatus } from '../../contract/api.js';
import { AppError } from '../errors.js';
import { systemClock, type Clock } from './clock.js';
import type { GrantedToken, TokenGrant } from './token-client.js';

/** Tuning; the defaults suit Cognito's one-hour tokens. */
export interface TokenServiceOptions {
  clock?: Clock;
  /** Fraction of the lifetime after which a refresh starts. */
  refreshAhead?: number;
  /** A token this close to expiry is never sent: it could expire in flight. */
  expirySkewMs?: number;
  /** Upper bound for one token request. */
  timeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A request with no valid token does not re-ask a failing endpoint more often than this. */
  minDemandGapMs?: number;
  /**
   * At most one forced refresh (after a gateway 401) per this window, however many 401s come in a row:
   * the company client is shared and the token endpoint bills per request.
   */
  forcedRefreshGapMs?: number;
  random?: () => number;
}

interface CachedToken {
  value: string;
  obtainedAt: number;
  expiresAt: number;
  refreshAt: number;
}

/** The events the tray, the UI and the log listen to. */
export interface TokenServiceEvents {
  change: [TokenStatus];
  refreshed: [{ obtainedAt: number; expiresAt: number }];
  refreshFailed: [AppError];
}

/** The gateway token's keeper. */
export class TokenService extends EventEmitter<TokenServiceEvents> {
  private readonly clock: Clock;
  private readonly opts: Required<Omit<TokenServiceOptions, 'clock'>>;
  private grant: TokenGrant | null;
  private token: CachedToken | null = null;
  private inflight: Promise<CachedToken> | null = null;
  private lastError: AppError | null = null;
  private lastFailureAt = -Infinity;
  private lastForcedAt = -Infinity;
  private failures = 0;
  private rejected = false;
  private timer: unknown = null;
  private nextAttemptAt: number | null = null;
  private running = false;
  /** Token requests sent, for the tests and the soak figures. */
  requestCount = 0;

  constructor(grant: TokenGrant | null, options: TokenServiceOptions = {}) {
    super();
    this.grant = grant;
    this.clock = options.clock ?? systemClock;
    this.opts = {
      refreshAhead: options.refreshAhead ?? 0.75,
      expirySkewMs: options.expirySkewMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 15_000,
      backoffBaseMs: options.backoffBaseMs ?? 1_000,
      backoffMaxMs: options.backoffMaxMs ?? 60_000,
      minDemandGapMs: options.minDemandGapMs ?? 1_000,
      forcedRefreshGapMs: options.forcedRefreshGapMs ?? 30_000,
      random: options.random ?? Math.random,
    };
  }

  /** The state for the tray, the UI and `status`. */
  status(): TokenStatus {
    const now = this.clock.now();
    const valid = this.token !== null && this.isUsable(this.token, now);
    const base = {
      validUntil: valid ? this.token!.expiresAt : null,
      obtainedAt: this.token?.obtainedAt ?? null,
      nextRefreshAt: this.nextAttemptAt,
      lastError: this.lastError?.toDto() ?? null,
    };
    if (!this.grant) return { ...base, state: 'unconfigured', nextRefreshAt: null };
    if (this.rejected) return { ...base, state: 'rejected', nextRefreshAt: null };
    if (this.inflight) return { ...base, state: 'refreshing' };
    if (this.lastError) return { ...base, state: 'failed' };
    if (valid) return { ...base, state: 'valid' };
    return { ...base, state: 'idle' };
  }

  /** Starts background refreshes: one now, then ahead of each expiry. */
  start(): void {
    this.running = true;
    if (this.grant && !this.token && !this.inflight) void this.refreshInBackground();
    // After a stop(): the cached token's refresh-ahead timer was cancelled and must be set again.
    else if (this.token && !this.inflight && !this.rejected && this.timer === null) this.schedule(this.nextAttemptAt ?? this.token.refreshAt);
  }

  /** Stops timers; the cached token stays until the process ends. */
  stop(): void {
    this.running = false;
    this.cancelTimer();
  }

  /** Swaps the credentials (after a settings change): forgets the old token and any rejection. */
  reconfigure(grant: TokenGrant | null): void {
    this.grant = grant;
    this.token = null;
    this.rejected = false;
    this.lastError = null;
    this.failures = 0;
    this.lastFailureAt = -Infinity;
    this.lastForcedAt = -Infinity;
    this.cancelTimer();
    this.emitChange();
    if (this.running) this.start();
  }

  /**
   * A token that is valid now. `rejected` is a token the gateway just refused: a refresh is forced
   * only if it is still the current one, so many concurrent 401s cause a single refresh, and only once
   * per `forcedRefreshGapMs`, so 401s in a row cause a single refresh too. Inside that window the
   * rejected token itself comes back: the caller then knows no fresh one was had, and does not replay.
   */
  async getToken(rejected?: string): Promise<string> {
    const now = this.clock.now();
    const current = this.token;
    if (rejected !== undefined) {
      if (current && current.value !== rejected && this.isUsable(current, now)) return current.value;
      if (this.inflight) return (await this.inflight).value;
      if (current && this.isUsable(current, now) && now - this.lastForcedAt < this.opts.forcedRefreshGapMs) return current.value;
      this.lastForcedAt = now;
      return (await this.refreshNow()).value;
    }
    if (current && this.isUsable(current, now)) {
      // Refresh ahead, off the request's path. Also catches timers that slept through a clock jump.
      if (now >= current.refreshAt && !this.inflight && !this.rejected && (this.nextAttemptAt === null || now >= this.nextAttemptAt)) void this.refreshInBackground();
      return current.value;
    }
    if (this.rejected && this.lastError) throw this.lastError;
    if (!this.grant) throw new AppError('settings_missing', 'The gateway is not configured. Run `ai-gateway login` or open the app and fill in the gateway values.', { side: 'token_endpoint' });
    if (!this.inflight && this.lastError && now - this.lastFailureAt < this.opts.minDemandGapMs) throw this.lastError;
    return (await this.refreshNow()).value;
  }

  /** Forces a refresh now (the "Refresh now" button, `login`); joins one already in flight. */
  async refresh(): Promise<TokenStatus> {
    this.rejected = false;
    try {
      await this.refreshNow();
    } catch {
      // The failure is in the status.
    }
    return this.status();
  }

  private isUsable(token: CachedToken, now: number): boolean {
    // The skew is capped at a fifth of the lifetime: a fixed 30 s would make short-lived tokens (demo, tests) never usable.
    const skew = Math.min(this.opts.expirySkewMs, (token.expiresAt - token.obtainedAt) / 5);
    return now < token.expiresAt - skew;
  }

  private refreshInBackground(): Promise<void> {
    return this.refreshNow().then(
      () => undefined,
      () => undefined,
    );
  }

  private refreshNow(): Promise<CachedToken> {
    if (this.inflight) return this.inflight;
    this.inflight = this.fetchToken().finally(() => {
      this.inflight = null;
      this.emitChange();
    });
    // Emitted only once `inflight` is set, so listeners see the state as `refreshing`.
    this.emitChange();
    return this.inflight;
  }

  private async fetchToken(): Promise<CachedToken> {
    const grant = this.grant;
    if (!grant) throw new AppError('settings_missing', 'The gateway is not configured. Run `ai-gateway login` or open the app and fill in the gateway values.', { side: 'token_endpoint' });
    this.cancelTimer();
    this.requestCount++;
    let granted: GrantedToken;
    try {
      granted = await this.withTimeout(grant);
    } catch (error) {
      throw this.recordFailure(error instanceof AppError ? error : new AppError('token_endpoint_error', 'Getting a token failed unexpectedly. See `ai-gateway logs`.', { side: 'token_endpoint', cause: error }));
    }
    const obtainedAt = this.clock.now();
    const lifetime = granted.expiresIn * 1000;
    const token: CachedToken = {
      value: granted.accessToken,
      obtainedAt,
      expiresAt: obtainedAt + lifetime,
      refreshAt: obtainedAt + lifetime * this.opts.refreshAhead,
    };
    this.token = token;
    this.lastError = null;
    this.failures = 0;
    this.rejected = false;
    this.schedule(token.refreshAt);
    this.emit('refreshed', { obtainedAt, expiresAt: token.expiresAt });
    return token;
  }

  private withTimeout(grant: TokenGrant): Promise<GrantedToken> {
    const controller = new AbortController();
    return new Promise<GrantedToken>((resolve, reject) => {
      const handle = this.clock.setTimeout(() => {
        controller.abort();
        // "Keeps retrying" only where it does: a started service (serve, the app); `login` asks once and exits.
        const then = this.running ? 'the app keeps retrying' : 'then try again';
        reject(new AppError('token_endpoint_timeout', `The token endpoint did not answer within ${Math.round(this.opts.timeoutMs / 1000)} s. Check your network or VPN; ${then}.`, { side: 'token_endpoint' }));
      }, this.opts.timeoutMs);
      grant(controller.signal).then(
        (value) => {
          this.clock.clearTimeout(handle);
          resolve(value);
        },
        (error: unknown) => {
          this.clock.clearTimeout(handle);
          reject(error as Error);
        },
      );
    });
  }

  private recordFailure(error: AppError): AppError {
    this.lastError = error;
    this.lastFailureAt = this.clock.now();
    this.failures++;
    if (error.code === 'credentials_rejected' || error.code === 'settings_invalid') {
      // Retrying cannot help until the user fixes the credentials.
      this.rejected = true;
      this.cancelTimer();
    } else {
      const cap = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (this.failures - 1));
      const delay = cap / 2 + (this.opts.random() * cap) / 2;
      this.schedule(this.clock.now() + delay);
    }
    this.emit('refreshFailed', error);
    return error;
  }

  private schedule(at: number): void {
    this.cancelTimer();
    this.nextAttemptAt = at;
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.refreshInBackground();
    }, Math.max(0, at - this.clock.now()));
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private emitChange(): void {
    this.emit('change', this.status());
  }
}
