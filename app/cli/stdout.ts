/**
 * Writing a command's output to stdout. The first write goes straight to file descriptor 1 with one
 * write(2): setting up process.stdout costs ~0.4 ms on a file and ~0.8 ms on a pipe (measured with
 * Node 20), and `ai-gateway token` prints one line on every apiKeyHelper call, then exits. Everything
 * after it, and whatever that write did not take (a full non-blocking pipe, an error), goes through
 * process.stdout as before; the first write has then completed, so the output keeps its order.
 */
import { writeSync } from 'node:fs';

/**
 * process.stdout, set up on first use with one rule: a reader that went away (`ai-gateway status | head -3`)
 * ends the command quietly, the way git and ls do, instead of Node's unhandled EPIPE stack trace.
 */
let stream: NodeJS.WriteStream | null = null;
function stdoutStream(): NodeJS.WriteStream {
  if (stream) return stream;
  stream = process.stdout;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return stream;
}

/** A function that writes text to stdout, in order. */
export function stdoutWriter(): (text: string) => void {
  // On Windows the stream writes to a console in UTF-16 and to pipes asynchronously: always the stream there.
  let first = process.platform !== 'win32';
  return (text) => {
    if (!first) {
      stdoutStream().write(text);
      return;
    }
    first = false;
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      written = writeSync(1, bytes);
    } catch {
      // EAGAIN, EPIPE...: the stream below gets the whole text and handles it the way it always has.
    }
    if (written < bytes.length) stdoutStream().write(bytes.subarray(written));
  };
}
