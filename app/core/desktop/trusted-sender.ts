/**
 * Whether an IPC message may reach the api: it must come from our own page, in the top frame. A frame
 * that navigated elsewhere, an iframe, or a page injected by some bug gets nothing (Electron security
 * checklist item 17; VS Code checks every ipcMain event the same way).
 */
import { isAppPage } from './app-origin.js';

/** What the check needs from Electron's WebFrameMain: its URL and whether it is the top frame. */
export interface SenderFrame {
  url: string;
  isTopFrame: boolean;
}

/** True only for the top frame of the app's own file:// entry page. A missing frame (destroyed, navigated) is refused. */
export function isTrustedSender(frame: SenderFrame | null | undefined, appEntryUrl: string): boolean {
  if (!frame || !frame.isTopFrame) return false;
  return isAppPage(frame.url, appEntryUrl);
}
