/** Saves each screen in light and dark under test/e2e/screenshots/ (committed; the README shows them). */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** The source tree's screenshot folder (tests run from out/test/e2e/harness). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../../test/e2e/screenshots/', import.meta.url));

/** Captures the page as `<name>-light.png` and `<name>-dark.png`, then leaves it in light. */
export async function captureBothSchemes(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // A clean picture: no focus ring left by the test's last click, scrolled to the top, the whole page.
  await page.evaluate('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-${colorScheme}.png`, animations: 'disabled', caret: 'hide', fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
