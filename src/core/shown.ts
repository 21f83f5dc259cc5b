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
const LONE_SURROGATE = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const HIDDEN = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff]|${LONE_SURROGATE}`, "g");
const LONE = new RegExp(LONE_SURROGATE, "g");

/**
 * The Actions runner runs a line that starts with `::` once leading white space is trimmed, and a
 * legacy `##[command]` anywhere in a line (actions/runner, `ActionCommand.TryParseV2`, `TryParse`).
 */
const COMMAND_START = /^(\s*):(?=:)/;
const LEGACY_COMMAND = /#(?=#\[)/g;

export function shown(text: string): string {
  return text
    .replace(HIDDEN, codeUnit)
    .replace(COMMAND_START, "$1\\u003A")
    .replace(LEGACY_COMMAND, "\\u0023");
}

function codeUnit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A lone surrogate is half a character: not UTF-8, and a `\uD800` escape in JSON that strict
 * parsers refuse. It is written as the text `\uD800` instead, as the JUnit report writes it, so
 * that values differing only in their lone surrogates stay different (U+FFFD would merge them).
 */
export function surrogatesShown(text: string): string {
  return text.replace(LONE, codeUnit);
}

/**
 * JSON.stringify's output with each lone-surrogate escape (`\ud800`: it writes pairs raw, so every
 * such escape is a lone one) turned into the text `\uD800`, keys included: the string gets one more
 * backslash. A `\u` after an even run of backslashes is text already and left alone.
 */
export function wellFormedJson(json: string): string {
  return json.replace(/(\\+)u(d[89a-f][0-9a-f]{2})/g, (whole, slashes: string, hex: string) =>
    slashes.length % 2 === 1 ? `${slashes}\\u${hex.toUpperCase()}` : whole,
  );
}
