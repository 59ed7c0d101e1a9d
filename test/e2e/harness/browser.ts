/** Debian's Chromium driven by playwright-core: headless, no sandbox (containers), no background traffic. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Where Debian installs Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches the browser, failing with the fix when Chromium is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh context and page at the README screenshot size, collecting console errors (CSP violations among them) and page errors. */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1120, height: 760 }, colorScheme: 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium reports CSP violations ("Refused to ..."), failed loads and uncaught errors here.
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/**
 * A fresh context whose page has opened the printed UI URL. The URL works once (the page trades its token
 * for a session kept in that tab's sessionStorage), so a test's further screens go through this page.
 */
export async function openSession(
  browser: Browser,
  url: string,
  /** Runs before the first load, e.g. to listen to every response from the start. */
  beforeOpen?: (opened: { context: BrowserContext; page: Page }) => Promise<void> | void,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const opened = await newPage(browser);
  await beforeOpen?.(opened);
  await opened.page.goto(url);
  await opened.page.getByRole('heading', { level: 1 }).first().waitFor();
  return opened;
}
