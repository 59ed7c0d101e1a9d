/**
 * The tray: image, tooltip and menu redrawn from state by the pure functions in app/core/desktop.
 * This file only turns menu templates into Electron menus and action ids into clicks.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { MenuItemTemplate, TrayAction } from '../core/desktop/menu-template.js';
import { trayIconFor, trayImageName, type TrayIconState } from '../core/desktop/tray-icon.js';
import { trayMenu, type TrayState } from '../core/desktop/tray-menu.js';
import { resourcePath } from './paths.js';

/** Turns templates into Electron's menu options, binding each action id to `onAction`. */
export function toElectronMenu(items: readonly MenuItemTemplate[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...item }) => {
    const options: MenuItemConstructorOptions = { ...item };
    if (submenu) options.submenu = toElectronMenu(submenu, onAction);
    if (action) options.click = () => onAction(action);
    return options;
  });
}

/** Owns the Tray object and redraws it when the state changes. */
export class TrayView {
  private readonly tray: Tray;
  private shownIcon: TrayIconState | null = null;
  private shownTooltip = '';
  private shownMenu = '';
  private state: TrayState;

  constructor(
    initial: TrayState,
    private readonly onAction: (action: TrayAction) => void,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.state = initial;
    this.tray = new Tray(this.image(trayIconFor(initial.token, initial.now, initial.demo).state));
    // Windows opens the context menu on a right click only; a left click emits 'click' and does nothing
    // unless handled, so it opens the window, as Windows tray apps do. (macOS opens the menu on any
    // click when one is set; Linux AppIndicator hosts emit no clicks: Electron's Tray docs, "Platform considerations".)
    if (platform === 'win32') this.tray.on('click', () => onAction('open-window'));
    this.render();
  }

  /** The state last drawn. */
  get current(): TrayState {
    return this.state;
  }

  /** Merges `patch` into the state and redraws. */
  update(patch: Partial<TrayState>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  /** Removes the icon (on quit). */
  destroy(): void {
    this.tray.destroy();
  }

  private image(state: TrayIconState) {
    return nativeImage.createFromPath(resourcePath('tray', trayImageName(state, this.platform)));
  }

  private render(): void {
    const icon = trayIconFor(this.state.token, this.state.now, this.state.demo);
    if (icon.state !== this.shownIcon) {
      this.tray.setImage(this.image(icon.state));
      this.shownIcon = icon.state;
    }
    if (icon.tooltip !== this.shownTooltip) {
      this.tray.setToolTip(icon.tooltip);
      this.shownTooltip = icon.tooltip;
    }
    // Replace the menu only when its content changed: the periodic tick would otherwise swap it under an
    // open menu (and on Linux, StatusNotifierItem hosts close it). Templates are plain data, so JSON compares them.
    const template = trayMenu(this.state);
    const key = JSON.stringify(template);
    if (key === this.shownMenu) return;
    this.shownMenu = key;
    this.tray.setContextMenu(Menu.buildFromTemplate(toElectronMenu(template, this.onAction)));
  }
}
