/**
 * The api on IPC: one typed wrapper registers every verb of the contract on `ipcMain.handle`, checks
 * the sender frame, and answers an ApiReply. Nothing else in the app touches ipcMain.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, type ApiMethod, type ApiReply, type GatewayApi } from '../contract/api.js';
import { apiChannel } from '../core/desktop/ipc-channels.js';
import { toReply, untrustedSenderReply } from '../core/desktop/ipc-reply.js';
import { isTrustedSender, type SenderFrame } from '../core/desktop/trusted-sender.js';

/** Options for the api's registration. */
export interface RegisterApiOptions {
  /** The renderer's entry URL; only its top frame may call. */
  appEntryUrl: string;
  /** Told after each call from the window, so the tray can pick up what the window changed. */
  onCalled?: (method: ApiMethod) => void;
  /** Told about refused senders; they indicate a bug or an attack. */
  onRefused?: (method: ApiMethod, url: string) => void;
}

function senderFrame(event: IpcMainInvokeEvent): SenderFrame | null {
  const frame = event.senderFrame;
  // A frame that navigated or was destroyed since sending has no trustworthy URL.
  if (!frame || frame.isDestroyed()) return null;
  return { url: frame.url, isTopFrame: frame.parent === null };
}

/** Registers every api verb; returns a function that removes them again. */
export function registerApi(api: GatewayApi, options: RegisterApiOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), async (event, ...args: unknown[]): Promise<ApiReply<unknown>> => {
      const frame = senderFrame(event);
      if (!isTrustedSender(frame, options.appEntryUrl)) {
        options.onRefused?.(method, frame?.url ?? '(no frame)');
        return untrustedSenderReply();
      }
      // IPC arguments are structured-cloned data from our own page; the core validates their content.
      const verb = api[method] as (...params: unknown[]) => Promise<unknown>;
      const reply = await toReply(() => verb.apply(api, args));
      options.onCalled?.(method);
      return reply;
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(apiChannel(method));
  };
}
