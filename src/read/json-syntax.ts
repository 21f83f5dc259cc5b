import { parse, type ParseError } from "jsonc-parser";
import type { Diagnostic } from "../diagnostics.js";
import { SourceLocator } from "../core/locate.js";

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
 * V8 names the position for most errors; jsonc-parser (strict settings) finds it for the rest.
 */
export function jsonSyntaxDiagnostic(
  text: string,
  firstLine: number,
  file: string,
  parseError: unknown,
): Diagnostic {
  const v8Message = parseError instanceof Error ? parseError.message : String(parseError);
  const offset = v8Offset(v8Message) ?? jsoncOffset(text);
  const { line, column } = new SourceLocator({ text, firstLine }).positionAt(offset);
  const char = text[offset] ?? "";
  const artefactHere = COPY_PASTE_ARTEFACTS[char];
  const artefactNearby = artefactHere === undefined ? artefactNear(text, offset) : undefined;
  let message: string;
  if (text.trim() === "") message = "there is no JSON value here";
  else if (artefactHere !== undefined) message = `unexpected ${artefactHere}`;
  else if (offset >= text.length) message = "the JSON ends too early: the text looks truncated";
  else message = cleanV8Message(v8Message);
  const artefact = artefactHere ?? artefactNearby;
  if (artefact !== undefined)
    message += `${artefactHere === undefined ? `, next to ${artefact}` : ""}: a classic copy-paste artefact; replace it with its plain ASCII equivalent`;
  return { code: "JSON_SYNTAX", severity: "error", message, file, line, column };
}

function v8Offset(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function jsoncOffset(text: string): number {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  return first ? first.offset : text.length;
}

/** V8 says where but quotes the whole input back; keep the sentence only. */
function cleanV8Message(message: string): string {
  const sentence = message
    .replace(/ in JSON at position \d+.*$/s, "")
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

