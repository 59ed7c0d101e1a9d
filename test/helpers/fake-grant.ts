/** A scripted token grant for the token service's unit tests: counts calls, answers now, later, or never. */
import type { GrantedToken, TokenGrant } from '../../app/core/auth/token-client.js';

/** What the next call does. */
export type GrantStep =
  | { kind: 'token'; expiresIn?: number }
  | { kind: 'fail'; error: Error }
  /** Waits until the test calls `release()` (or the signal aborts). */
  | { kind: 'deferred'; expiresIn?: number }
  /** Never answers; only the service's abort ends it. */
  | { kind: 'hang' };

/** A fake grant; `steps` are consumed in order, then `fallback` applies. */
export class FakeGrant {
  calls = 0;
  /** The signals the service passed, in call order. */
  readonly signals: AbortSignal[] = [];
  private steps: GrantStep[] = [];
  private waiting: (() => void)[] = [];

  constructor(public fallback: GrantStep = { kind: 'token', expiresIn: 3600 }) {}

  /** Queues what the next calls do. */
  then(...steps: GrantStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Answers every deferred call waiting now. */
  release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** The function the TokenService takes. */
  readonly grant: TokenGrant = (signal) => {
    this.calls++;
    this.signals.push(signal);
    const n = this.calls;
    const step = this.steps.shift() ?? this.fallback;
    const token = (expiresIn = 3600): GrantedToken => ({ accessToken: `token-${n}`, expiresIn });
    switch (step.kind) {
      case 'token':
        return Promise.resolve(token(step.expiresIn));
      case 'fail':
        return Promise.reject(step.error);
      case 'deferred':
        return new Promise((resolve, reject) => {
          this.waiting.push(() => resolve(token(step.expiresIn)));
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        });
      case 'hang':
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        });
    }
  };
}
