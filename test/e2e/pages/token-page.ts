/** The token screen: state, countdown, last and next refresh, Refresh now. */
import type { Page } from 'playwright-core';

/** The token screen, as a user sees it. */
export class TokenPage {
  constructor(private readonly page: Page) {}

  /** The countdown as shown, "9:59". */
  async countdown(): Promise<string> {
    return ((await this.page.getByRole('timer').textContent()) ?? '').trim();
  }

  /** The countdown in seconds. */
  async secondsLeft(): Promise<number> {
    const parts = (await this.countdown()).split(':').map(Number);
    return parts.reduce((total, part) => total * 60 + part, 0);
  }

  /** The state label ("Valid", "Refresh failed" ...). */
  async state(): Promise<string> {
    return ((await this.page.getByTestId('token-state').textContent()) ?? '').trim();
  }

  async lastRefresh(): Promise<string> {
    return ((await this.page.getByTestId('obtained-at').textContent()) ?? '').trim();
  }

  async nextRefresh(): Promise<string> {
    return ((await this.page.getByTestId('next-refresh').textContent()) ?? '').trim();
  }

  async refreshNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Refresh now' }).click();
  }

  async proxyUrl(): Promise<string> {
    return ((await this.page.getByTestId('proxy-url').textContent()) ?? '').trim();
  }
}
