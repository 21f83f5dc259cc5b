import { fixedSeverity, type Diagnostic } from "../diagnostics.js";
import type { SourceText } from "../types.js";
import { endsTooEarly, jsonSyntaxDiagnostic } from "./json-syntax.js";
import { DEFAULT_MAX_LINE_BYTES, type EncodingProblem, type Line } from "./lines.js";
import { streamDocument, type StreamedUnit } from "./document-stream.js";

/**
 * Documents up to this size are parsed whole, which resolves every IRI reference however the
 * envelope is ordered; larger ones are streamed, so that memory holds one element, not the file.
 */
export const STREAM_ABOVE_BYTES = 8 * 1024 * 1024;

/** A JSON value parsed from a file, or why a part of the file could not be parsed. */
export type ParsedUnit =
  /**
   * A parsed JSON value and the text it came from. `pointer` places a streamed element in its
   * document; `envelope` says it is an element of a Caliper envelope's `data`.
   */
  | { kind: "value"; value: unknown; source: SourceText; pointer?: string; envelope?: { dataVersion?: string } }
  /** A streamed envelope's own properties, read to its end (see StreamedUnit). */
  | { kind: "envelope"; value: Record<string, unknown>; source: SourceText }
  | { kind: "problem"; diagnostic: Diagnostic; text?: string };

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
 * before reaching a line that parses on its own is NDJSON with a bad first line.
 */
export async function* parseUnits(
  lines: AsyncIterable<Line>,
  file: string,
  streamAboveBytes = STREAM_ABOVE_BYTES,
  maxEventBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<ParsedUnit> {
  const iterator = lines[Symbol.asyncIterator]();
  // The input may fail part-way (a gzip stream cut short, or followed by garbage). The lines read
  // before that are still used: a document they complete is read, and the failure is thrown after.
  let failure: { error: unknown } | undefined;
  const nextLine = async (): Promise<IteratorResult<Line, undefined>> => {
    try {
      return await iterator.next();
    } catch (error) {
      failure = { error };
      return { done: true, value: undefined };
    }
  };
  const head: Line[] = [];
  let firstParsed: Parsed | undefined;
  for (let next = await nextLine(); !next.done; next = await nextLine()) {
    let line = next.value;
    // A UTF-8 byte-order mark is not part of the JSON text.
    if (head.length === 0 && typeof line === "string" && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    head.push(line);
    if (typeof line !== "string") {
      // Bad bytes on the first line: whatever the file is, that line is unreadable.
      yield encodingProblem(line, head.length, file);
      yield* ndjsonLines(iterator, head.length, file);
      return;
    }
    if (!isBlank(line)) {
      firstParsed = tryParse(line);
      break;
    }
  }
  if (firstParsed === undefined) {
    if (failure) throw failure.error;
    return; // empty, or only whitespace
  }
  if (firstParsed.ok) {
    yield { kind: "value", value: firstParsed.value, source: { text: head[head.length - 1] as string, firstLine: head.length } };
    if (failure) throw failure.error;
    yield* ndjsonLines(iterator, head.length, file);
    return;
  }
  // A document small enough is parsed whole; a larger one is streamed element by element.
  // In bytes, as the threshold is given (a document of accented text has fewer characters than bytes).
  let size = head.reduce((n, line) => n + (typeof line === "string" ? Buffer.byteLength(line) + 1 : 0), 0);
  let next = await nextLine();
  for (; !next.done && size <= streamAboveBytes; next = await nextLine()) {
    head.push(next.value);
    size += typeof next.value === "string" ? Buffer.byteLength(next.value) + 1 : 0;
  }
  if (!next.done) {
    const first = next.value;
    async function* rest(): AsyncGenerator<Line> {
      yield* head;
      yield first;
      for (let more = await iterator.next(); !more.done; more = await iterator.next()) yield more.value;
    }
    for await (const unit of streamDocument(rest(), file, maxEventBytes)) {
      if (unit.kind !== "whole") yield parsedElement(unit);
      else {
        const whole = tryParse(unit.text);
        if (whole.ok) yield { kind: "value", value: whole.value, source: { text: unit.text, firstLine: 1 } };
        else yield { kind: "problem", diagnostic: jsonSyntaxDiagnostic(unit.text, 1, file, whole.error), text: unit.text };
      }
    }
    return;
  }
  yield* wholeDocument(head, file, failure === undefined, maxEventBytes);
  if (failure) throw failure.error;
}

function parsedElement(unit: Exclude<StreamedUnit, { kind: "whole" }>): ParsedUnit {
  if (unit.kind === "problem" || unit.kind === "envelope") return unit;
  return { kind: "value", value: unit.value, source: unit.source, pointer: unit.pointer, ...(unit.envelope && { envelope: unit.envelope }) };
}

/**
 * A document cut short may still hold whole elements before the cut (an envelope cut short): read
 * element by element, as a large one is, it keeps them. Nothing when it is not a container or no
 * element parsed: then its one error says it all. A document cut by a read failure gets no "ends
 * too early" beside the failure's own error.
 */
async function elementsOfBroken(head: Line[], file: string, complete: boolean, maxEventBytes: number): Promise<ParsedUnit[]> {
  const units: ParsedUnit[] = [];
  for await (const unit of streamDocument(head, file, maxEventBytes)) {
    if (unit.kind === "whole") return [];
    if (unit.kind === "problem" && unit.truncated && !complete) continue;
    units.push(parsedElement(unit));
  }
  return units.some((unit) => unit.kind === "value") ? units : [];
}

/**
 * The lines of a document read to its end (or to a read failure: then a document they do not
 * complete is not reported as bad JSON, since the failure is what cut it).
 */
async function* wholeDocument(head: Line[], file: string, complete: boolean, maxEventBytes: number): AsyncGenerator<ParsedUnit> {
  const bad = head.findIndex((line) => typeof line !== "string");
  if (bad >= 0 && !looksLikeNdjson(head, bad + 1)) {
    yield encodingProblem(head[bad] as EncodingProblem, bad + 1, file);
    return;
  }
  const text = head.map((line) => (typeof line === "string" ? line : "")).join("\n");
  const whole = bad >= 0 ? undefined : tryParse(text);
  if (whole?.ok) {
    yield { kind: "value", value: whole.value, source: { text, firstLine: 1 } };
    return;
  }
  const diagnostic = whole ? jsonSyntaxDiagnostic(text, 1, file, whole.error) : undefined;
  if (looksLikeNdjson(head, diagnostic?.line ?? 1)) {
    yield* ndjsonLines(head.values(), 0, file);
    return;
  }
  // Only a cut document is read element by element: a fault inside a complete one is best told by
  // JSON.parse's own position and words (a missing quote would otherwise read as a cut at its element).
  const cut = !complete || (whole !== undefined && !whole.ok && endsTooEarly(text, whole.error));
  const elements = bad >= 0 || !cut ? [] : await elementsOfBroken(head, file, complete, maxEventBytes);
  if (elements.length > 0) yield* elements;
  else if (diagnostic && complete) yield { kind: "problem", diagnostic, text };
}

/** Every line is one JSON value (or a blank line, skipped); `lineBefore` lines came before. */
export async function* ndjsonLines(
  lines: AsyncIterator<Line> | Iterator<Line>,
  lineBefore: number,
  file: string,
): AsyncGenerator<ParsedUnit> {
  let lineNumber = lineBefore;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNumber++;
    const line = next.value;
    if (typeof line !== "string") {
      yield encodingProblem(line, lineNumber, file);
      continue;
    }
    if (isBlank(line)) continue;
    const parsed = tryParse(line);
    if (parsed.ok) yield { kind: "value", value: parsed.value, source: { text: line, firstLine: lineNumber } };
    else yield { kind: "problem", diagnostic: jsonSyntaxDiagnostic(line, lineNumber, file, parsed.error), text: line };
  }
}

function encodingProblem(problem: EncodingProblem, line: number, file: string): ParsedUnit {
  const code = problem.kind === "too-long" ? "EVENT_TOO_LARGE" : "ENCODING";
  return { kind: "problem", diagnostic: { code, severity: fixedSeverity(code, "invalid"), file, line, column: problem.column, message: problem.message } };
}

/** JSON's own whitespace only: a line of no-break spaces is not blank, it is a copy-paste artefact. */
export function isBlank(line: string): boolean {
  return /^[ \t\r]*$/.test(line);
}

/**
 * NDJSON with a bad first line, rather than a broken document: some later line parses on its own
 * as a non-empty object or array, and reading the file as one document fails before that line.
 */
function looksLikeNdjson(lines: Line[], documentFailsOnLine: number): boolean {
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line !== "string" || isBlank(line)) continue;
    const parsed = tryParse(line);
    if (parsed.ok && typeof parsed.value === "object" && parsed.value !== null && Object.keys(parsed.value).length > 0)
      return documentFailsOnLine <= i + 1;
  }
  return false;
}
