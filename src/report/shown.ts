/**
 * Untrusted text (file names, event ids, JSON Pointers built from keys, a Caliper `action`,
 * messages quoting input) as data for a human reader: nothing in it can move the cursor, clear the
 * screen, reorder what a terminal shows, break a line, or be run as a GitHub Actions workflow
 * command when the text report is printed in a workflow log.
 *
 * Shown as the text `\uXXXX`: C0 and C1 controls (ESC, CSI and line breaks among them) and DEL;
 * U+2028 and U+2029; the bidirectional marks, embeddings, overrides and isolates; the BOM; lone
 * surrogates. A backslash already in the text is left as it is (Windows paths stay readable).
 */
const HIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The Actions runner runs a line that starts with `::` once leading white space is trimmed, and a
 * legacy `##[command]` anywhere in a line (actions/runner, `ActionCommand.TryParseV2`, `TryParse`).
 */
const COMMAND_START = /^(\s*):(?=:)/;
const LEGACY_COMMAND = /#(?=#\[)/g;

export function shown(text: string): string {
  return text
    .replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)
    .replace(COMMAND_START, "$1\\u003A")
    .replace(LEGACY_COMMAND, "\\u0023");
}
