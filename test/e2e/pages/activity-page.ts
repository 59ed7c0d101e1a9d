/** The activity screen: the table of recent requests. */
import type { Page } from 'playwright-core';

/** One row, by column. */
export interface ActivityRow {
  time: string;
  agent: string;
  provider: string;
  model: string;
  status: string;
  latency: string;
  tokens: string;
}

/** The activity screen, as a user sees it. */
export class ActivityPage {
  constructor(private readonly page: Page) {}

  async rows(): Promise<ActivityRow[]> {
    const rows = await this.page.getByTestId('activity-row').all();
    return Promise.all(
      rows.map(async (row) => {
        const [time, agent, provider, model, status, latency, tokens] = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
        return { time: time ?? '', agent: agent ?? '', provider: provider ?? '', model: model ?? '', status: status ?? '', latency: latency ?? '', tokens: tokens ?? '' };
      }),
    );
  }

  /** Picks an option of one of the filters by its visible label ("Google", "Gateway or provider error (5xx)"). */
  async filter(name: 'Agent' | 'Provider' | 'Status' | 'Time', option: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Filter the requests' }).getByLabel(name, { exact: true }).selectOption({ label: option });
  }

  /** The options a filter offers, by their labels. */
  async filterOptions(name: 'Agent' | 'Provider' | 'Status' | 'Time'): Promise<string[]> {
    const options = await this.page.getByRole('group', { name: 'Filter the requests' }).getByLabel(name, { exact: true }).locator('option').allTextContents();
    return options.map((o) => o.trim());
  }

  /** Ticks or clears "Show the demo's sample requests". */
  async showSamples(show: boolean): Promise<void> {
    await this.page.getByLabel(/Show the demo's sample requests/).setChecked(show);
  }

  /** The text shown when the filter hides every row, or null. */
  async noMatchText(): Promise<string | null> {
    const card = this.page.locator('.card.empty', { hasText: 'No requests match the filter.' });
    return (await card.count()) > 0 ? (await card.textContent())?.trim() ?? '' : null;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.page.getByText('No requests yet.').count()) > 0;
  }
}
