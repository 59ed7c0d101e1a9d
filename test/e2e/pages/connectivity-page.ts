/** The connectivity screen: one button, four provider cards. */
import type { Locator, Page } from 'playwright-core';

/** One provider card as shown. */
export interface ProbeCardView {
  verdict: string;
  status: string;
  latency: string;
  message: string;
  fix: string;
  tone: 'ok' | 'bad' | 'other';
}

/** The connectivity screen, as a user sees it. */
export class ConnectivityPage {
  constructor(private readonly page: Page) {}

  /** Clicks "Test all providers" (or "Test again") and waits for the verdict line. */
  async testAll(): Promise<string> {
    await this.page.getByRole('button', { name: /^Test (all providers|again)$/ }).click();
    const verdict = this.page.getByTestId('connectivity-verdict');
    await verdict.waitFor();
    return ((await verdict.textContent()) ?? '').trim();
  }

  card(providerLabel: string): Locator {
    return this.page.getByRole('article', { name: providerLabel, exact: true });
  }

  async probe(providerLabel: string): Promise<ProbeCardView> {
    const card = this.card(providerLabel);
    const text = async (testId: string) => ((await card.getByTestId(testId).count()) ? ((await card.getByTestId(testId).textContent()) ?? '').trim() : '');
    const classes = (await card.getAttribute('class')) ?? '';
    return {
      verdict: ((await card.locator('.pill').textContent()) ?? '').trim(),
      status: await text('probe-status'),
      latency: await text('probe-latency'),
      message: await text('probe-message'),
      fix: await text('probe-fix'),
      tone: classes.includes('probe-ok') ? 'ok' : classes.includes('probe-bad') ? 'bad' : 'other',
    };
  }
}
