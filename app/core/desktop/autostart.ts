/**
 * Start at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart entry
 * (`~/.config/autostart/<name>.desktop`). macOS and Windows use Electron's login items instead.
 */
import { join } from 'node:path';

/** How the running app was started, to start it the same way at login. */
export interface LaunchCommandInput {
  execPath: string;
  /** `process.env.APPIMAGE`: the AppImage file; execPath points inside its temporary mount. */
  appImage?: string | undefined;
  isPackaged: boolean;
  /** The app folder passed to the electron binary in development. */
  appPath: string;
}

/** The command (program and arguments) that starts this app again, hidden in the tray. */
export function launchCommand(input: LaunchCommandInput, extraArgs: readonly string[]): string[] {
  if (input.appImage) return [input.appImage, ...extraArgs];
  if (input.isPackaged) return [input.execPath, ...extraArgs];
  return [input.execPath, input.appPath, ...extraArgs];
}

/** Quotes one argument for a .desktop Exec line (XDG Desktop Entry spec, "The Exec key"). */
function quoteExecArg(arg: string): string {
  // `%` introduces field codes (%f, %u) anywhere in Exec, so a literal one is doubled.
  const literal = arg.replaceAll('%', '%%');
  if (!/[\s"'\\$`]/.test(literal)) return literal;
  return `"${literal.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The autostart entry's file path. */
export function autostartPath(configHome: string, name = 'ai-gateway'): string {
  return join(configHome, 'autostart', `${name}.desktop`);
}

/** The autostart entry's content. */
export function autostartEntry(command: readonly string[], appName = 'AI Gateway'): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${appName}`,
    'Comment=Keeps coding agents connected to the company AI Gateway',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
