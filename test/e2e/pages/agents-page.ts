/** The agents list and the per-agent setup wizard. */
import type { Locator, Page } from 'playwright-core';

/** The agents screen, as a user sees it. */
export class AgentsPage {
  readonly wizard: AgentWizardPage;

  constructor(private readonly page: Page) {
    this.wizard = new AgentWizardPage(page);
  }

  /** An agent's card, by its name. */
  card(name: string): Locator {
    return this.page.getByRole('article', { name, exact: true });
  }

  /** All agent names listed. */
  async names(): Promise<string[]> {
    return this.page.locator('.agent-grid h2').allTextContents();
  }

  /** The card's status label ("Set up · proxy", "Not set up"). */
  async setupState(name: string): Promise<string> {
    return ((await this.card(name).locator('.pill').textContent()) ?? '').trim();
  }

  /** The card's alert naming a config file the agent cannot read ('' when there is none). */
  async problem(name: string): Promise<string> {
    const alert = this.card(name).getByRole('alert');
    return (await alert.count()) === 0 ? '' : ((await alert.textContent()) ?? '').trim();
  }

  /** Opens an agent's wizard from its card ("Set up" or "Manage"). */
  async openWizard(name: string): Promise<void> {
    await this.card(name).getByRole('button').click();
    await this.page.getByRole('heading', { level: 1, name: `Set up ${name}` }).waitFor();
  }
}

/** One agent's wizard: detect, choose, preview, apply, verify, undo. */
export class AgentWizardPage {
  constructor(private readonly page: Page) {}

  /** The current step's label in the stepper. */
  async currentStep(): Promise<string> {
    return ((await this.page.locator('.stepper [aria-current="step"]').textContent()) ?? '').replace(/^\d+/, '').trim();
  }

  private async click(name: string): Promise<void> {
    await this.page.getByRole('button', { name, exact: true }).click();
  }

  async next(): Promise<void> {
    await this.click('Next');
    await this.page.getByRole('group', { name: /reach the gateway/ }).waitFor();
  }

  /** The mode radio: enabled or not, and the reason shown when not. */
  async modeOption(mode: 'proxy' | 'direct'): Promise<{ enabled: boolean; checked: boolean }> {
    const radio = this.page.getByRole('radio', { name: mode === 'proxy' ? /local proxy/ : /Directly to the gateway/ });
    return { enabled: await radio.isEnabled(), checked: await radio.isChecked() };
  }

  async directUnavailableReason(): Promise<string> {
    return ((await this.page.locator('#direct-reason').textContent()) ?? '').trim();
  }

  async chooseMode(mode: 'proxy' | 'direct'): Promise<void> {
    await this.page.getByRole('radio', { name: mode === 'proxy' ? /local proxy/ : /Directly to the gateway/ }).check();
  }

  async setModelTicked(model: string, ticked: boolean): Promise<void> {
    await this.page.getByRole('checkbox', { name: model }).setChecked(ticked);
  }

  async typeOtherModels(models: string): Promise<void> {
    await this.page.getByLabel('Other models').fill(models);
  }

  /** "Preview changes", then waits for the plan. */
  async preview(): Promise<void> {
    await this.click('Preview changes');
    await this.page.getByRole('heading', { name: /Review the exact change|The snippet and its environment/ }).waitFor();
  }

  /** The files the plan touches: path, action and diff text. */
  async changes(): Promise<{ path: string; action: string; diff: string }[]> {
    const sections = await this.page.locator('.file-change').all();
    return Promise.all(
      sections.map(async (s) => ({
        path: ((await s.locator('.file-path').textContent()) ?? '').trim(),
        action: ((await s.locator('.pill').textContent()) ?? '').trim(),
        diff: (await s.locator('.diff').textContent()) ?? '',
      })),
    );
  }

  async notes(): Promise<string[]> {
    return this.page.getByRole('list', { name: 'Notes' }).getByRole('listitem').allTextContents();
  }

  async apply(): Promise<void> {
    await this.click('Apply changes');
    await this.page.getByRole('heading', { name: /Applied/ }).waitFor();
  }

  /** "Verify", then the checks once they arrive. */
  async verify(): Promise<{ ok: boolean; checks: string[] }> {
    await this.click('Verify');
    const checks = this.page.getByRole('list', { name: 'Checks' });
    await checks.waitFor();
    const verdict = (await this.page.locator('.verdict').textContent()) ?? '';
    return { ok: /is set up and reaches the gateway/.test(verdict), checks: await checks.getByRole('listitem').allTextContents() };
  }

  /** "Undo setup", shows the undo plan; returns its file changes. */
  async startUndo(): Promise<{ path: string; action: string; diff: string }[]> {
    await this.click('Undo setup');
    await this.page.getByRole('button', { name: 'Undo changes' }).waitFor();
    await this.page.locator('.file-change').first().waitFor();
    return this.changes();
  }

  async confirmUndo(): Promise<void> {
    await this.click('Undo changes');
    await this.page.getByText(/setup was undone/).waitFor();
  }

  async done(): Promise<void> {
    await this.click('Done');
    await this.page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
  }

  async backToAgents(): Promise<void> {
    await this.click('Back to agents');
  }

  /** The snippet tabs (LangChain): tab names, and the code of the selected one. */
  async snippetTabs(): Promise<string[]> {
    return this.page.getByRole('tablist', { name: 'Language' }).getByRole('tab').allTextContents();
  }

  async selectSnippet(language: string): Promise<string> {
    await this.page.getByRole('tablist', { name: 'Language' }).getByRole('tab', { name: language }).click();
    return (await this.page.locator('.code-block').textContent()) ?? '';
  }

  async copySnippet(language: string): Promise<void> {
    await this.page.getByRole('button', { name: `Copy ${language}` }).click();
  }
}
