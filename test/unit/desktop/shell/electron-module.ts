/** Stands in for `electron` in the shell test; the objects live on globalThis, set up by fake-electron.ts. */
import type { FakeElectron } from './fake-electron.js';

const fake = (globalThis as unknown as { __fakeElectron: FakeElectron }).__fakeElectron;

export const { app, ipcMain, BrowserWindow, Tray, Menu, nativeImage, safeStorage, shell, clipboard, Notification } = fake;
export default fake;
