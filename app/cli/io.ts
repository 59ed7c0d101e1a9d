/** The CLI's view of the terminal: output streams, whether a person is watching, and the environment. */
import { redact } from '../core/log/redact.js';

/** What every command writes to and reads from. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdin and stdout are a terminal, so the command may ask questions. */
  interactive: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Asks a yes/no question on the terminal; non-interactive runs get the default. */
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
}

/** The real terminal. Everything written to stderr passes the central redaction. */
export function processIo(): Io {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    err: (text) => process.stderr.write(redact(text.endsWith('\n') ? text : text + '\n')),
    interactive,
    env: process.env,
    cwd: process.cwd(),
    async confirm(question, defaultYes) {
      if (!interactive) return defaultYes;
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
