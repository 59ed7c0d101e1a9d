/** Runs the real `ai-gateway` command in a child process and collects what it printed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The command's entry point (tests run from out/test/hardening/helpers): the launcher's former name,
 * bin/ai-gateway.mjs, which direct-mode configs of earlier versions still run; the hardening tier runs
 * through it so that shim stays tested, while every other tier runs bin/ai-gateway.cjs.
 */
export const BIN = fileURLToPath(new URL('../../../../bin/ai-gateway.mjs', import.meta.url));

/** One finished run. */
export interface CliRun {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ai-gateway ...args` to the end (killed after `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr });
    });
  });
}

/** A long-running command (serve, logs --follow): its live output, and a way to stop it with a signal. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(signal?: NodeJS.Signals): Promise<CliRun>;
}

/** Starts `ai-gateway ...args` in the background. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m;
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${pattern} in output of ai-gateway ${args.join(' ')}:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await closed;
      clearTimeout(timer);
      return { args, code, stdout: out, stderr: err };
    },
  };
}
