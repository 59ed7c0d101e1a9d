/**
 * How the person runs this command, so hints print a command that works where they are shown:
 * `ai-gateway` when that name on PATH is this very launcher, `npx ai-gateway` under npx (which finds it
 * only inside this checkout), else `node <path to the launcher>`. CommonJS, like app/cli/overview.cts: the
 * launcher respells `--help` with it before any ES module loads.
 */
// CommonJS under verbatimModuleSyntax: `import x = require()` is the one import form that compiles to require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fs = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
import path = require('node:path');

/**
 * What the hints should say instead of a bare `ai-gateway`. `cwd` is the folder the hint is read in;
 * null for text shown away from any terminal (the app window): then only forms that work from any folder.
 */
function invocation(env: Record<string, string | undefined>, launcher: string | undefined, cwd: string | null, platform: NodeJS.Platform = process.platform): string {
  if (!launcher) return 'ai-gateway';
  const real = (file: string): string | null => {
    try {
      return fs.realpathSync(file);
    } catch {
      return null;
    }
  };
  const self = real(launcher);
  const names = platform === 'win32' ? ['ai-gateway.cmd', 'ai-gateway.exe', 'ai-gateway'] : ['ai-gateway'];
  // npx and `npm run` put node_modules/.bin folders on PATH for this one process: the shell the hint is
  // read in does not have them, so an `ai-gateway` found only there is not one the person can type.
  const npm = isNpmLaunched(env);
  const onPath = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir && !(npm && isNpmBinDir(dir)));
  for (const dir of onPath) {
    for (const name of names) {
      const found = real(path.join(dir, name));
      if (found && self && found === self) return 'ai-gateway';
    }
  }
  if (cwd !== null && isNpx(env)) return 'npx ai-gateway';
  const shown = cwd === null ? '' : path.relative(cwd, launcher);
  const file = shown && !shown.startsWith('..') && !path.isAbsolute(shown) ? shown : path.resolve(launcher);
  return `node ${/\s/.test(file) ? JSON.stringify(file) : file}`;
}

/** True under npx: npm 7+ sets npm_command=exec (and npm_lifecycle_event=npx); npm_execpath names npx-cli.js. */
function isNpx(env: Record<string, string | undefined>): boolean {
  return env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx' || /npx-cli\.[cm]?js$/.test(env.npm_execpath ?? '');
}

/** True when npm started this process: npx or a script (npm_execpath is set by both). */
function isNpmLaunched(env: Record<string, string | undefined>): boolean {
  return isNpx(env) || Boolean(env.npm_execpath);
}

/** A node_modules/.bin folder, the kind npm adds to PATH for the process it starts. */
function isNpmBinDir(dir: string): boolean {
  const parts = path.normalize(dir).split(/[\\/]+/).filter(Boolean);
  return parts.length >= 2 && parts[parts.length - 1] === '.bin' && parts[parts.length - 2] === 'node_modules';
}

/**
 * `text` with every hint's `ai-gateway ...` spelled the way it runs here: in backticks, in `$(...)`,
 * starting a snippet's line, or after `Usage: `. Other mentions (file contents, "No ai-gateway proxy") stay.
 */
function withInvocation(text: string, command: string): string {
  if (command === 'ai-gateway') return text;
  return text
    .replace(/`ai-gateway(?=[ `])/g, `\`${command}`)
    .replace(/\$\(ai-gateway /g, `$(${command} `)
    .replace(/^(Usage: )?ai-gateway (?=\S)/gm, `$1${command} `);
}

/** The two, for the launcher, the CLI's io.ts and the API the headless window uses. */
export = { invocation, withInvocation };
