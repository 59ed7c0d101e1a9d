/** `ai-gateway logs`: shows the structured log (secrets already redacted when written). */
import { createReadStream, existsSync, statSync, watchFile, unwatchFile } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE } from '../../core/log/logger.js';
import type { Command } from '../command.js';
import { appFiles } from '../../core/config/paths.js';
import { formatLogLine, LineSplitter } from './log-line.js';
import { dataDirFor } from '../demo-location.js';
import { printable } from '../terminal-text.js';

/** The logs command. */
export const logsCommand: Command = {
  name: 'logs',
  summary: 'Print the log file (token refreshes, failures, requests without bodies); --follow keeps printing new lines.',
  usage: '[--follow] [--json] [--demo]',
  options: {
    follow: { type: 'boolean', short: 'f', help: 'Keep printing new lines until Ctrl-C.' },
    json: { type: 'boolean', help: 'Print the raw JSON lines, for programs.' },
    demo: { type: 'boolean', help: "The demo's log (in <app data>/demo) instead of yours." },
  },
  async run(args, io) {
    const demo = args.values.demo === true;
    const file = join(appFiles(dataDirFor(io.env, demo)).logs, LOG_FILE);
    if (!existsSync(file) && !args.values.follow) {
      io.err(`No log yet at ${file}. It appears once ${demo ? '`ai-gateway demo` has' : '`ai-gateway serve` or the app has'} run.`);
      return 0;
    }
    let position = 0;
    let inode = 0;
    const lines = new LineSplitter();
    const print = (chunk: string) => {
      // The logger escapes control characters in its JSON; a file edited by someone else may not.
      if (args.values.json) process.stdout.write(printable(chunk));
      else for (const line of lines.push(chunk)) io.out(formatLogLine(line));
    };
    const printFrom = (start: number) =>
      new Promise<number>((resolve) => {
        const stats = existsSync(file) ? statSync(file) : null;
        const size = stats?.size ?? 0;
        // Rotated (a new file, or a shorter one): start over in the new file.
        if (size < start || (stats && inode !== 0 && stats.ino !== inode)) start = 0;
        inode = stats?.ino ?? 0;
        if (size === start) return resolve(size);
        const stream = createReadStream(file, { start, end: size - 1, encoding: 'utf8' });
        stream.on('data', (chunk) => print(String(chunk)));
        stream.on('end', () => resolve(size));
        stream.on('error', () => resolve(start));
      });
    position = await printFrom(0);
    if (!args.values.follow) return 0;
    // One read at a time, so a slow read and the next poll never print the same lines twice.
    let reading = Promise.resolve();
    const pump = () => {
      reading = reading.then(() => printFrom(position).then((p) => void (position = p)));
    };
    await new Promise<void>((resolve) => {
      watchFile(file, { interval: 500 }, pump);
      // Lines written between the first read and the watch's first look would otherwise wait for the next write.
      pump();
      const stop = () => {
        unwatchFile(file);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
