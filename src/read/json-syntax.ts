import { fixedSeverity, worded, type Diagnostic, type Worded } from "../diagnostics.js";
import { advance, startOf, syntaxErrorOffset } from "../core/json-scan.js";
import type { Phrase } from "../messages.js";
import { shown } from "../shown.js";

/** Characters that turn up when JSON is pasted from a word processor, a web page or a chat. */
const COPY_PASTE_ARTEFACTS: Record<string, Phrase> = {
  "\u00a0": "noBreakSpace",
  "\u2018": "openingSingleQuote",
  "\u2019": "closingSingleQuote",
  "\u201c": "openingDoubleQuote",
  "\u201d": "closingDoubleQuote",
  "\ufeff": "innerBom",
  "\u200b": "zeroWidthSpace",
};

/**
 * Describes why `text` is not JSON, with the line and column of the first fault.
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
  let said: Worded;
  if (/^[ \t\r\n]*$/.test(text)) said = worded("JSON_SYNTAX.empty");
  else if (artefactHere !== undefined) said = worded("JSON_SYNTAX.artefact", { artefact: artefactHere });
  else if (offset >= text.length) said = worded("JSON_SYNTAX.truncated");
  else {
    const detail = cleanV8Message(v8Message);
    said = detail === undefined ? worded("JSON_SYNTAX.truncated") : worded("JSON_SYNTAX.parser", { detail });
  }
  if (artefactNearby !== undefined)
    said = worded("JSON_SYNTAX.nextToArtefact", { message: said.message, artefact: artefactNearby });
  if (char === "\u0000") said = worded("JSON_SYNTAX.nul", { message: said.message });
  return {
    code: "JSON_SYNTAX",
    severity: fixedSeverity("JSON_SYNTAX", "invalid"),
    ...said,
    message: shown(said.message),
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

/** Where the first fault is: V8 names the position for most errors; a strict scan finds it for the rest. */
function errorOffset(text: string, v8Message: string): number {
  return v8Offset(v8Message) ?? Math.max(0, syntaxErrorOffset(text));
}

function v8Offset(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * V8 says where but quotes the whole input back; keep the sentence only. Undefined for the end of
 * the input, which the catalogue words (JSON_SYNTAX.truncated).
 */
function cleanV8Message(message: string): string | undefined {
  const sentence = message
    .replace(/ (?:in|after) JSON at position \d+.*$/s, (m) => (m.startsWith(" after") ? " after JSON" : ""))
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, "");
  if (sentence === "Unexpected end of JSON input") return undefined;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** A quote artefact often sits just before the reported position (V8 stops at the token after it). */
function artefactNear(text: string, offset: number): Phrase | undefined {
  for (let i = Math.max(0, offset - 2); i <= offset + 1 && i < text.length; i++) {
    const found = COPY_PASTE_ARTEFACTS[text[i] ?? ""];
    if (found) return found;
  }
  return undefined;
}
