// Text from documents and sites (titles, agency names, messages, URLs) is printed to terminals, and a
// hostile page can put escape sequences in it: clear the screen, set the window title, write the
// clipboard (OSC 52), or reorder what is shown (bidi overrides). Everything gongkai prints that it
// did not write itself goes through safeText, in the table renderer, the parse and run renderers and
// the error printer. Pure.

/**
 * C0 controls, DEL and C1 controls (CSI 0x9b and OSC 0x9d included), and the bidi embedding,
 * override and isolate controls (U+202A–U+202E, U+2066–U+2069). ESC is among the C0 controls, so
 * an escape sequence loses its introducer and the rest of it prints as plain text.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (ch: string): string => {
  const c = ch.codePointAt(0) ?? 0;
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
};

/**
 * One line of untrusted text made safe to print: every control character (tab and newline too,
 * which would break a table row) is shown escaped, `\x1b`, `\u202e`, so nothing is lost from view.
 */
export function safeText(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** As {@link safeText}, but keeps newlines and tabs: for a block of several lines. */
export function safeLines(s: string): string {
  return s.replace(UNSAFE_KEEP_LINES, escapeChar);
}
