/** The whole window: navigation, the demo banner, and one page object per screen (VS Code automation style). */
import type { Locator, Page } from 'playwright-core';
import { ActivityPage } from './activity-page.js';
import { AgentsPage } from './agents-page.js';
import { ConnectivityPage } from './connectivity-page.js';
import { FirstRunPage } from './first-run-page.js';
import { SettingsPage } from './settings-page.js';
import { TokenPage } from './token-page.js';
import { UsagePage } from './usage-page.js';

/** A screen's tab label in the sidebar. */
export type ScreenName = 'Token' | 'Agents' | 'Connectivity' | 'Activity' | 'Usage' | 'Settings';

/** The app window as a user sees it. */
export class AppWindow {
  readonly firstRun: FirstRunPage;
  readonly token: TokenPage;
  readonly agents: AgentsPage;
  readonly connectivity: ConnectivityPage;
  readonly activity: ActivityPage;
  readonly usage: UsagePage;
  readonly settings: SettingsPage;

  constructor(readonly page: Page) {
    this.firstRun = new FirstRunPage(page);
    this.token = new TokenPage(page);
    this.agents = new AgentsPage(page);
    this.connectivity = new ConnectivityPage(page);
    this.activity = new ActivityPage(page);
    this.usage = new UsagePage(page);
    this.settings = new SettingsPage(page);
  }

  /** Selects a screen in the sidebar and waits for its title. */
  async openScreen(name: ScreenName): Promise<void> {
    await this.tab(name).click();
    await this.page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  }

  /** A sidebar tab. */
  tab(name: ScreenName): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  /** The title of the screen shown. */
  async screenTitle(): Promise<string> {
    return (await this.page.getByRole('heading', { level: 1 }).first().textContent()) ?? '';
  }

  /** The "Demo gateway" banner. */
  demoBanner(): Locator {
    return this.page.getByRole('note', { name: 'Demo gateway' });
  }
}
