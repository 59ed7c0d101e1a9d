/** The usage screen: its choices, totals, the charts' tables and tooltips, as a user reaches them. */
import type { Locator, Page } from 'playwright-core';

/** The charts by the title of their card. */
export type UsageChart = 'Requests over time' | 'Tokens over time' | 'Time to first token and total time by provider' | 'Error rate and causes';

/** The usage screen, as a user sees it. */
export class UsagePage {
  constructor(private readonly page: Page) {}

  /** Picks "Last 24 hours" or "Last 7 days". */
  async setSpan(label: 'Last 24 hours' | 'Last 7 days'): Promise<void> {
    await this.page.getByRole('radio', { name: label }).check();
  }

  async groupBy(label: 'Agent' | 'Provider' | 'Model'): Promise<void> {
    await this.page.getByLabel('Group by').selectOption({ label });
  }

  /** Whether the "Include the demo's requests" box is ticked. */
  async includesDemo(): Promise<boolean> {
    return this.page.getByLabel("Include the demo's requests").isChecked();
  }

  async includeDemo(include: boolean): Promise<void> {
    await this.page.getByLabel("Include the demo's requests").setChecked(include);
  }

  /** The totals at the top, by their label ("Requests", "Tokens in / out", "Failed", "Estimated cost"). */
  async summary(): Promise<Record<string, string>> {
    const items = await this.page.getByTestId('usage-summary').locator(':scope > div').all();
    const pairs = await Promise.all(items.map(async (item) => [((await item.locator('dt').textContent()) ?? '').trim(), ((await item.locator('dd').textContent()) ?? '').trim()] as const));
    return Object.fromEntries(pairs);
  }

  /** A chart's card. */
  card(chart: UsageChart): Locator {
    return this.page.getByRole('region', { name: chart, exact: true });
  }

  /** Opens "Show as table" under a chart and reads its tables, each as rows of cell texts (header row first). */
  async tables(chart: UsageChart): Promise<string[][][]> {
    const details = this.card(chart).locator('details');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    const tables = await details.locator('table').all();
    return Promise.all(tables.map((table) => table.locator('tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())))));
  }

  /** The "By agent/provider/model" table's rows (header first). */
  async groups(): Promise<string[][]> {
    return this.page.getByTestId('usage-groups').locator('tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));
  }

  /** The tooltip shown for the hovered or focused point, as its lines. */
  async tooltip(chart: UsageChart): Promise<string[]> {
    const tip = this.card(chart).getByTestId('chart-tooltip').first();
    await tip.waitFor();
    return tip.locator('strong, span').allTextContents();
  }

  /** The element the keyboard is on: its accessible label and whether it is a chart point. */
  async focused(): Promise<{ label: string | null; chartPoint: boolean }> {
    // A string: the Node world has no DOM types.
    return this.page.evaluate<{ label: string | null; chartPoint: boolean }>(
      "({ label: document.activeElement?.getAttribute('aria-label') ?? null, chartPoint: document.activeElement?.classList.contains('chart-hit') ?? false })",
    );
  }

  /** Closes every "Show as table" again (for a screenshot of the charts). */
  async closeTables(): Promise<void> {
    for (const details of await this.page.locator('details[open]').all()) await details.locator('summary').click();
  }

  async isEmpty(): Promise<boolean> {
    return (await this.page.getByTestId('usage-empty').count()) > 0;
  }
}
