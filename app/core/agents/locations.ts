/** Where each agent keeps its config, per platform and environment (HOME, XDG_CONFIG_HOME, CODEX_HOME, APPDATA...). */
import { isAbsolute, join, resolve } from 'node:path';

/** The resolved config directories of every agent. */
export interface AgentLocations {
  home: string;
  claudeDir: string;
  codexHome: string;
  opencodeDir: string;
  continueDir: string;
  gooseConfigDir: string;
  cwd: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The home directory from the environment the agents will see (USERPROFILE on Windows). */
export function homeOf(env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  const home = platform === 'win32' ? (nonEmpty(env['USERPROFILE']) ?? nonEmpty(env['HOME'])) : nonEmpty(env['HOME']);
  if (!home) throw new Error('HOME is not set');
  return home;
}

/** Resolves every agent's config directory the way the agent itself does. */
export function resolveLocations(env: Record<string, string | undefined>, platform: NodeJS.Platform, cwd: string): AgentLocations {
  const home = homeOf(env, platform);
  // opencode uses xdg-basedir on every platform: XDG_CONFIG_HOME or ~/.config.
  const xdgConfig = nonEmpty(env['XDG_CONFIG_HOME']) ?? join(home, '.config');
  const continueDir = nonEmpty(env['CONTINUE_GLOBAL_DIR']);
  const gooseRoot = nonEmpty(env['GOOSE_PATH_ROOT']);
  let gooseConfigDir: string;
  if (gooseRoot && isAbsolute(gooseRoot)) gooseConfigDir = join(gooseRoot, 'config');
  else if (platform === 'win32') gooseConfigDir = join(nonEmpty(env['APPDATA']) ?? join(home, 'AppData', 'Roaming'), 'Block', 'goose', 'config');
  // goose (etcetera's XDG strategy) uses ~/.config/goose on macOS too, not ~/Library.
  else gooseConfigDir = join(xdgConfig, 'goose');
  return {
    home,
    cwd,
    claudeDir: nonEmpty(env['CLAUDE_CONFIG_DIR']) ?? join(home, '.claude'),
    codexHome: nonEmpty(env['CODEX_HOME']) ?? join(home, '.codex'),
    opencodeDir: join(xdgConfig, 'opencode'),
    continueDir: continueDir ? resolve(cwd, continueDir) : join(home, '.continue'),
    gooseConfigDir,
  };
}
