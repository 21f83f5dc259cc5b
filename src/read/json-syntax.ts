import { fixedSeverity, type Diagnostic } from "../diagnostics.js";
import { advance, startOf, syntaxErrorOffset } from "../core/json-scan.js";
import { shown } from "../shown.js";

/** Characters that turn up when JSON is pasted from a word processor, a web page or a chat. */
const COPY_PASTE_ARTEFACTS: Record<string, string> = {
  "\u00a0": "no-break space (U+00A0)",
  "\u2018": "curly opening single quote (U+2018)",
  "\u2019": "curly closing single quote (U+2019)",
  "\u201c": "curly opening double quote (U+201C)",
  "\u201d": "curly closing double quote (U+201D)",
  "\ufeff": "byte-order mark (U+FEFF) in the middle of the text",
  "\u200b": "zero-width space (U+200B)",
};

/**
 * Describes why `text` is not JSON, with the line and column of the first problem.
 * V8 names the position for most errors; a strict scan finds it for the rest.
 */
export function jsonSyntaxDiagnostic(text: string, firstLine: number, file: string, parseError: unknown): Diagnostic {
  const v8Message = messageOf(parseError);
  const offset = errorOffset(text, v8Message);
  const { line, lineStart } = advance(text, startOf(text, firstLine), offset);
  const column = offset - lineStart + 1;
  const char = text[offset] ?? "";
  const artefactHere = COPY_PASTE_ARTEFACTS[char];
  const artefactNearby = artefactHere === undefined ? artefactNear(text, offset) : undefined;
  let message: string;
  if (/^[ \t\r\n]*$/.test(text)) message = "there is no JSON value here";
  else if (artefactHere !== undefined) message = `unexpected ${artefactHere}`;
  else if (offset >= text.length) message = "the JSON ends too early: the text looks truncated";
  else message = cleanV8Message(v8Message);
  const artefact = artefactHere ?? artefactNearby;
  if (artefact !== undefined)
    message += `${artefactHere === undefined ? `, next to ${artefact}` : ""}: a classic copy-paste artefact; replace it with its plain ASCII equivalent`;
  if (char === "\u0000") message += "; a NUL character suggests UTF-16 or binary data, not UTF-8 JSON";
  return {
    code: "JSON_SYNTAX",
    severity: fixedSeverity("JSON_SYNTAX", "invalid"),
    message: shown(message),
    file,
    line,
    column,
  };
}

/** Whether JSON.parse failed only because `text` ends too early (a cut), not at a fault inside it. */
export function endsTooEarly(text: string, parseError: unknown): boolean {
  const v8Message = messageOf(parseError);
  // Cut inside `true` or `null`, V8 names no position, only the end.
  if (/Unexpected end of JSON input/.test(v8Message)) return true;
  // JSON's own whitespace only: a trailing no-break space is a fault, not an end.
  return errorOffset(text, v8Message) >= text.replace(/[ \t\r\n]+$/, "").length;
}

function messageOf(parseError: unknown): string {
  return parseError instanceof Error ? parseError.message : String(parseError);
}

/** Where the first problem is: V8 names the position for most errors; a strict scan finds it for the rest. */
function errorOffset(text: string, v8Message: string): number {
  return v8Offset(v8Message) ?? Math.max(0, syntaxErrorOffset(text));
}

function v8Offset(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** V8 says where but quotes the whole input back; keep the sentence only, in our words where clearer. */
function cleanV8Message(message: string): string {
  const sentence = message
    .replace(/ (?:in|after) JSON at position \d+.*$/s, (m) => (m.startsWith(" after") ? " after JSON" : ""))
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, "")
    .replace(/^Unexpected end of JSON input$/, "the JSON ends too early: the text looks truncated");
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** A quote artefact often sits just before the reported position (V8 stops at the token after it). */
function artefactNear(text: string, offset: number): string | undefined {
  for (let i = Math.max(0, offset - 2); i <= offset + 1 && i < text.length; i++) {
    const found = COPY_PASTE_ARTEFACTS[text[i] ?? ""];
    if (found) return found;
  }
  return undefined;
}
