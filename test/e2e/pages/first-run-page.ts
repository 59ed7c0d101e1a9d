/** The first-run form: four gateway values and scope, "Test and save". */
import type { Locator, Page } from 'playwright-core';

/** The form's fields by their visible labels. */
export type GatewayFieldLabel = 'Gateway URL' | 'Client ID' | 'Client secret' | 'Token endpoint' | 'Scope (optional)';

/** The values a user types on first run. */
export type GatewayValues = Partial<Record<GatewayFieldLabel, string>>;

/** First run, as a user sees it. */
export class FirstRunPage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Connect to your AI Gateway' });
  }

  /** Types each given value into its field (replacing what was there). */
  async fill(values: GatewayValues): Promise<void> {
    for (const [label, value] of Object.entries(values)) {
      await this.page.getByLabel(label, { exact: true }).fill(value ?? '');
    }
  }

  /** The inline error under a field ('' when none). */
  async fieldError(label: GatewayFieldLabel): Promise<string> {
    const field = this.page.locator('.field', { has: this.page.getByLabel(label, { exact: true }) });
    return ((await field.locator('.field-error').textContent()) ?? '').trim();
  }

  /** Whether the field is marked invalid for assistive technology. */
  async isInvalid(label: GatewayFieldLabel): Promise<boolean> {
    return (await this.page.getByLabel(label, { exact: true }).getAttribute('aria-invalid')) === 'true';
  }

  async testAndSave(): Promise<void> {
    await this.page.getByRole('button', { name: 'Test and save' }).click();
  }

  /** Clicks "Try the demo" and returns what the app answered (instructions, or that it restarts). */
  async tryDemo(): Promise<string> {
    await this.page.getByRole('button', { name: 'Try the demo' }).click();
    const result = this.page.locator('.try-demo-result');
    await result.filter({ hasText: /\S/ }).waitFor();
    return ((await result.textContent()) ?? '').trim();
  }

  /** A form-level error (one not about a single field). */
  formError(): Locator {
    return this.page.getByRole('alert');
  }
}
