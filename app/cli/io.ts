/** The CLI's view of the terminal: output streams, whether a person is watching, and the environment. */
import { redact } from '../core/log/redact.js';
import invocationModule from '../core/cli-invocation.cjs';
import { stdoutWriter } from './stdout.js';
import { printable } from './terminal-text.js';

const { invocation, withInvocation } = invocationModule;

/** What every command writes to and reads from. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdin and stdout are a terminal, so the command may ask questions. */
  interactive: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The launcher file this command runs from (`process.argv[1]`), so a window it serves can name the command too. */
  launcher?: string;
  /** Asks a yes/no question on the terminal; non-interactive runs get the default. */
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
}

/** The real terminal. Everything written to stderr passes the central redaction, and every line is made printable (no escape sequences). */
export function processIo(): Io {
  // isatty, not process.stdin.isTTY: touching process.stdin builds a stream for it, and `token` never reads stdin.
  // Asked on first use, and node:tty loaded only then: it loads ~1.4 ms of modules, and `token` and `status` never ask.
  let interactive: boolean | undefined;
  const isInteractive = () => {
    if (interactive === undefined) {
      const { isatty } = process.getBuiltinModule('node:tty');
      interactive = isatty(0) && isatty(1);
    }
    return interactive;
  };
  // Hints name the command as it runs here (`node bin/ai-gateway.cjs` when `ai-gateway` is not on PATH).
  // Worked out on the first text that names the command: `token` prints a JWT and nothing else, and
  // looking through PATH costs start-up time on every apiKeyHelper call.
  let command: string | undefined;
  const line = (text: string) => {
    const ended = text.endsWith('\n') ? text : text + '\n';
    if (!ended.includes('ai-gateway')) return ended;
    command ??= invocation(process.env, process.argv[1], process.cwd());
    return withInvocation(ended, command);
  };
  const writeOut = stdoutWriter();
  return {
    out: (text) => writeOut(printable(line(text))),
    err: (text) => process.stderr.write(printable(redact(line(text)))),
    get interactive() {
      return isInteractive();
    },
    env: process.env,
    cwd: process.cwd(),
    ...(process.argv[1] === undefined ? {} : { launcher: process.argv[1] }),
    async confirm(question, defaultYes) {
      if (!isInteractive()) return defaultYes;
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        const answer = (await rl.question(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'} `)).trim().toLowerCase();
        return answer === '' ? defaultYes : answer === 'y' || answer === 'yes';
      } finally {
        rl.close();
      }
    },
  };
}
