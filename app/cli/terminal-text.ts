/**
 * Text made safe for a terminal. Agent- and user-supplied strings (a model name in `usage`, a log
 * message in `logs`) can hold escape sequences that retitle the window, rewrite earlier lines or hide
 * text; every line the CLI prints passes here, so no command has to remember.
 */

// C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the bidi overrides that reorder what is shown.
// eslint-disable-next-line no-control-regex -- finding control characters is this regex's job
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each control character shown as a visible `\xNN` / `\uNNNN` escape instead of acting on the terminal. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
