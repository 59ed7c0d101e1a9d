/**
 * Runs the real `ai-gateway` command (`node bin/ai-gateway.cjs`, the compiled CLI) as a child process
 * with a given environment, capturing stdout, stderr and the exit status, always bounded by a timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled helpers live in out/test/helpers; the launcher stays in the source tree.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The launcher users run (`npx ai-gateway` runs the same file). */
export const CLI_BIN = join(ROOT, 'bin', 'ai-gateway.cjs');

/** How a finished command ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for a CLI run. */
export interface CliOptions {
  /** The child's whole environment: nothing is inherited, so no real GATEWAY_* or proxy variables leak in. */
  env: Record<string, string | undefined>;
  /** Kill (SIGKILL) and fail after this long; default 20 s. */
  timeoutMs?: number;
  cwd?: string;
}

/**
 * A minimal environment for the CLI: PATH and a temp HOME (so nothing lands in the real home),
 * AI_GATEWAY_HOME, plus `extra` (GATEWAY_* for the doubles, say).
 */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), AI_GATEWAY_HOME: join(home, 'app-data'), ...extra };
}

/**
 * Stores settings in the AI_GATEWAY_HOME of `env` (e.g. `{ port }`: the CLI's `token` and `status`
 * look for a running proxy on the port setting, 8484 by default, which another run may hold).
 */
export async function writeSettings(env: Record<string, string | undefined>, settings: Record<string, unknown>): Promise<void> {
  const dir = env.AI_GATEWAY_HOME;
  if (!dir) throw new Error('writeSettings needs AI_GATEWAY_HOME in env');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
}

/** A CLI process still running (`serve`, `demo`). */
export interface CliProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first match of `pattern` in stdout (or stderr with `stream: 'stderr'`), or fails after `timeoutMs`. */
  waitFor(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<CliResult>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<CliResult>;
}

/** Starts `ai-gateway ...args` and returns at once; stdin is /dev/null like an agent's child process. */
export function startCli(args: string[], options: CliOptions): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: options.env as NodeJS.ProcessEnv, cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out.stdout += d;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    out.stderr += d;
    notify();
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      notify();
      resolve({ code, signal, stdout: out.stdout, stderr: out.stderr });
    });
  });
  let done = false;
  void exited.then(() => (done = true), () => (done = true));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  killer.unref();
  void exited.finally(() => clearTimeout(killer));

  return {
    child,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    exited,
    waitFor(pattern, { stream = 'stdout', timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out[stream].match(pattern);
          if (match) finish(() => resolve(match));
          else if (done) finish(() => reject(new Error(`ai-gateway ${args.join(' ')} exited before printing ${pattern}.\nstdout: ${out.stdout}\nstderr: ${out.stderr}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`ai-gateway ${args.join(' ')} did not print ${pattern} within ${timeoutMs} ms.\nstdout: ${out.stdout}\nstderr: ${out.stderr}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (!done) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs `ai-gateway ...args` to the end and returns what it printed and its exit status. */
export async function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const result = await startCli(args, options).exited;
  if (result.signal === 'SIGKILL') throw new Error(`ai-gateway ${args.join(' ')} was killed after ${options.timeoutMs ?? 20_000} ms.\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}
