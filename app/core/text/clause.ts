/** A message made ready to sit inside a longer sentence. */

/**
 * `text` without its final full stop: messages end with one, and a message quoted before ". See ..."
 * or before a closing "." would otherwise print "..". Node's own messages (parseArgs) end with one too.
 */
export function clause(text: string): string {
  return text.trimEnd().replace(/\.+$/, '');
}
