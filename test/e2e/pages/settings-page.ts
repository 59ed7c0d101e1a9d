/** The settings screen: gateway values, port, auth method, test models, local keys. */
import type { Page } from 'playwright-core';

/** The settings screen, as a user sees it. */
export class SettingsPage {
  constructor(private readonly page: Page) {}

  async value(label: string): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async fieldError(label: string): Promise<string> {
    const field = this.page.locator('.field', { has: this.page.getByLabel(label, { exact: true }) });
    return ((await field.locator('.field-error').textContent()) ?? '').trim();
  }

  /** Test model inputs are labelled by provider name inside the "Test models" group. */
  async setTestModel(providerLabel: string, model: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Test models' }).getByLabel(providerLabel, { exact: true }).fill(model);
  }

  async setAuthMethod(method: 'client_secret_basic' | 'client_secret_post'): Promise<void> {
    await this.page.getByLabel('Authentication method').selectOption(method);
  }

  /** "Test and save", then the outcome line or the error shown. */
  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Test and save' }).click();
  }

  async saveState(): Promise<string> {
    return ((await this.page.locator('#save-state').textContent()) ?? '').trim();
  }

  async secretStorage(): Promise<string> {
    const field = this.page.locator('.field', { has: this.page.getByLabel('Client secret', { exact: true }) });
    return ((await field.locator('.field-hint').textContent()) ?? '').trim();
  }

  /** Regenerates an agent's local key (two steps: ask, confirm) and returns the confirmation shown. */
  async regenerateKey(agentName: string): Promise<string> {
    await this.page.getByRole('button', { name: `Regenerate ${agentName}'s local key` }).click();
    await this.page.getByRole('button', { name: 'Regenerate', exact: true }).click();
    const status = this.page.getByText(`${agentName} has a new local key.`);
    await status.waitFor();
    return ((await status.textContent()) ?? '').trim();
  }
}
