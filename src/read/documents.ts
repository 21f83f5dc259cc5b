import type { Diagnostic } from "../diagnostics.js";
import type { SourceText } from "../types.js";
import { jsonSyntaxDiagnostic } from "./json-syntax.js";

/** A JSON value parsed from a file, or why a part of the file could not be parsed. */
export type ParsedUnit =
  | { kind: "value"; value: unknown; source: SourceText }
  | { kind: "problem"; diagnostic: Diagnostic };

type Parsed = { ok: true; value: unknown } | { ok: false; error: unknown };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Decides from the content whether a file is NDJSON or one JSON document: if its first non-blank
 * line is a complete JSON value, the file is NDJSON and is parsed line by line as it streams in;
 * otherwise the lines are gathered and parsed as one document. A document that fails to parse
 * but whose other lines mostly parse on their own is NDJSON with a bad first line.
 */
export async function* parseUnits(lines: AsyncIterable<string>, file: string): AsyncGenerator<ParsedUnit> {
  const iterator = lines[Symbol.asyncIterator]();
  const head: string[] = [];
  let firstParsed: Parsed | undefined;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    // A UTF-8 byte-order mark is not part of the JSON text.
    const line = head.length === 0 && next.value.charCodeAt(0) === 0xfeff ? next.value.slice(1) : next.value;
    head.push(line);
    if (!isBlank(line)) {
      firstParsed = tryParse(line);
      break;
    }
  }
  if (firstParsed === undefined) return; // empty, or only whitespace
  if (firstParsed.ok) {
    yield { kind: "value", value: firstParsed.value, source: { text: head[head.length - 1] ?? "", firstLine: head.length } };
    yield* ndjsonLines(iterator, head.length, file);
    return;
  }
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) head.push(next.value);
  const text = head.join("\n");
  const whole = tryParse(text);
  if (whole.ok) {
    yield { kind: "value", value: whole.value, source: { text, firstLine: 1 } };
    return;
  }
  if (mostLinesParseAlone(head)) {
    yield* ndjsonLines(head.values(), 0, file);
    return;
  }
  yield { kind: "problem", diagnostic: jsonSyntaxDiagnostic(text, 1, file, whole.error) };
}

async function* ndjsonLines(
  lines: AsyncIterator<string> | Iterator<string>,
  lineBefore: number,
  file: string,
): AsyncGenerator<ParsedUnit> {
  let lineNumber = lineBefore;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNumber++;
    const line = next.value;
    if (isBlank(line)) continue;
    const parsed = tryParse(line);
    if (parsed.ok) yield { kind: "value", value: parsed.value, source: { text: line, firstLine: lineNumber } };
    else yield { kind: "problem", diagnostic: jsonSyntaxDiagnostic(line, lineNumber, file, parsed.error) };
  }
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function mostLinesParseAlone(lines: string[]): boolean {
  const rest = lines.filter((line) => !isBlank(line)).slice(1);
  if (rest.length === 0) return false;
  const parsing = rest.filter((line) => {
    const parsed = tryParse(line);
    return parsed.ok && typeof parsed.value === "object" && parsed.value !== null;
  }).length;
  return parsing * 2 >= rest.length;
}
