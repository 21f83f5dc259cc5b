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
const HIDDEN = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff]|${LONE_SURROGATE}`,
  "g",
);
/** A lone surrogate, or the text codeUnit shows one as; either with the backslashes before it. */
const LONE_OR_ITS_TEXT = new RegExp(`(\\\\*)(${LONE_SURROGATE})|(\\\\+)(?=uD[89A-F][0-9A-F]{2})`, "g");

/**
 * The Actions runner runs a line that starts with `::` once leading white space is trimmed, and a
 * legacy `##[command]` anywhere in a line (actions/runner, `ActionCommand.TryParseV2`, `TryParse`).
 */
const COMMAND_START = /^(\s*):(?=:)/;
const LEGACY_COMMAND = /#(?=#\[)/g;

export function shown(text: string): string {
  return text.replace(HIDDEN, codeUnit).replace(COMMAND_START, "$1\\u003A").replace(LEGACY_COMMAND, "\\u0023");
}

/**
 * A file name as the bytes it is (a folder walk reads names as bytes): UTF-8 as text, and every
 * byte that is not part of a UTF-8 character as the text `\xFF`, so that the name names that file.
 */
export function nameShown(bytes: Uint8Array): string {
  let text = "";
  let from = 0;
  for (let i = 0; i < bytes.length;) {
    const length = utf8Length(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text +=
      Buffer.from(bytes.subarray(from, i)).toString("utf8") +
      `\\x${bytes[i]!.toString(16).toUpperCase().padStart(2, "0")}`;
    from = ++i;
  }
  return text + Buffer.from(bytes.subarray(from)).toString("utf8");
}

/** The length of the well-formed UTF-8 character at `i` (RFC 3629 §4), or 0 when there is none. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const tail = (k: number, low = 0x80, high = 0xbf) =>
    bytes[i + k] !== undefined && bytes[i + k]! >= low && bytes[i + k]! <= high;
  if (b >= 0xc2 && b <= 0xdf) return tail(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) return tail(1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && tail(2) ? 3 : 0;
  if (b >= 0xf0 && b <= 0xf4)
    return tail(1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && tail(2) && tail(3) ? 4 : 0;
  return 0;
}

function codeUnit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A lone surrogate is half a character: not UTF-8, and a `\uD800` escape in JSON that strict
 * parsers refuse. It is written as the text `\uD800` instead, as the JUnit report writes it, so
 * that values differing only in their lone surrogates stay different (U+FFFD would merge them).
 * That text may be in a value already: the backslashes right before a lone surrogate or before
 * `uD800` (upper case, as written here) are doubled, so an odd run then stands for a lone
 * surrogate and an even one for backslashes as written, and distinct values stay distinct.
 * Every other value, backslashes and all, is left as it is.
 */
export function surrogatesShown(text: string): string {
  return SURROGATE_OR_BACKSLASH.test(text) ? surrogatesRewritten(text) : text;
}

/**
 * A text with no surrogate (lone or paired) and no backslash, as most values are, is one that
 * surrogatesShown leaves as it is: a scan for one class of characters tells so far more cheaply
 * than its pattern, whose look-arounds are tried at every character.
 */
const SURROGATE_OR_BACKSLASH = /[\\\uD800-\uDFFF]/;

/**
 * surrogatesShown without its shortcut: what it does to a text that holds a surrogate or a
 * backslash. Exported so that a test holds the two to the same answers.
 */
export function surrogatesRewritten(text: string): string {
  return text.replace(
    LONE_OR_ITS_TEXT,
    (_, before: string | undefined, lone: string | undefined, slashes: string | undefined) =>
      lone !== undefined ? `${before}${before}${codeUnit(lone)}` : `${slashes}${slashes}`,
  );
}

/**
 * JSON.stringify's output, every string in it (keys included) as surrogatesShown writes it. In the
 * JSON, a run of backslashes before `u` and a surrogate's hex digits is odd when its last begins an
 * escape (`\ud800`: JSON.stringify writes pairs raw and escapes in lower case, so every such escape is
 * a lone one) and even when the string has backslashes as text then `uD800` as text; doubling the
 * run gives, in either case, what surrogatesShown's value stringifies to.
 */
export function wellFormedJson(json: string): string {
  return json.replace(/(\\+)u(d[89a-f][0-9a-f]{2}|D[89A-F][0-9A-F]{2})/g, (whole, slashes: string, hex: string) => {
    const escape = slashes.length % 2 === 1;
    return escape === (hex[0] === "d") ? `${slashes}${slashes}u${hex.toUpperCase()}` : whole;
  });
}
