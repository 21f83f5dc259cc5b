/**
 * Streams a large JSON document (a Caliper envelope, an array of events or envelopes, an xAPI
 * statement result) one element at a time, so that memory holds one event, not the file. Each
 * element's own text is cut out and parsed with JSON.parse (fast, exact); the text is kept, indented
 * to its column, so that diagnostics name the same line and column as in the file.
 *
 * Only the containers are scanned character by character: the top-level array, or the top-level
 * object's `data` / `statements` array. Anything else (a single event as the whole document) comes
 * back whole, as before. The document may start part-way along its first line and be followed by
 * another: it is read to its end, which is handed back (`end`), and no further.
 */
import { fixedSeverity, worded, type Diagnostic, type Worded } from "../diagnostics.js";
import { lineInFile } from "../core/line-gaps.js";
import type { LineGap, SourceText, StreamedContainer } from "../types.js";
import { jsonSyntaxDiagnostic } from "./json-syntax.js";
import { indentedAfter, isBlank, mayStartDocument } from "./line-starts.js";
import type { Line } from "./lines.js";

/** One element of a streamed container, or the pieces around it. */
export type StreamedUnit =
  | { kind: "element"; value: unknown; source: SourceText; pointer: string; container?: StreamedContainer }
  /**
   * A streamed object's own properties (a Caliper envelope's), once it has been read to its end: every
   * top-level property as written, the array streamed as `[]`. `source.lineMap` gives each line of
   * that text its line in the file.
   */
  | { kind: "container"; key: string; value: Record<string, unknown>; source: SourceText }
  /** `truncated`: the text ended inside the document. */
  | { kind: "unreadable"; diagnostic: Diagnostic; text?: string; truncated?: true }
  /**
   * The document was not a container worth streaming: here is all of it (from its first character),
   * to parse whole; long runs of blank lines in it are shortened (`lineGaps` says where, see SourceText).
   */
  | { kind: "whole"; text: string; lineGaps?: readonly LineGap[] }
  /** The document ended just before offset `at` of the last line read: what follows there is not its. */
  | { kind: "end"; at: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Where a value being cut out started, and its text so far. */
interface Capture {
  line: number;
  column: number;
  parts: HeldLines;
  /** UTF-16 units seen so far. Past the limit (in bytes) the value is scanned to its end but no longer kept. */
  length: number;
  /**
   * UTF-8 bytes seen so far, what --max-event-bytes counts: counted only once `length` is a third of
   * the limit (a UTF-16 unit is at most 3 bytes), so that the usual small element costs no count.
   */
  bytes?: number;
  tooLarge: boolean;
  depth: number;
  inString: boolean;
  escaped: boolean;
}

/** A top-level property of a streamed object, where and as it was written. */
interface Property {
  /** The key as written, quotes and escapes included. */
  rawKey: string;
  line: number;
  column: number;
  /** The value's text from its first character; `[]` for the data streamed. */
  value: string;
  valueLine: number;
}

type State =
  | { at: "start" }
  | { at: "array"; expect: "value" | "comma"; index: number }
  | { at: "object"; expect: "key" | "colon" | "value" | "comma"; key?: string; afterComma?: true }
  | { at: "data"; key: string; expect: "value" | "comma"; index: number }
  | { at: "end" };

/**
 * @param lines the document's lines, from its first, read from offset `start` (where the document
 * starts on that line); `firstLine` is the number of the first.
 * Streams only when the top level is an array, or an object with an array under one of `arrays`
 * (the containers' keys, which the standards name: the reader knows none).
 */
export async function* streamDocument(
  lines: AsyncIterable<Line> | Iterable<Line>,
  file: string,
  maxEventBytes = Infinity,
  { firstLine = 1, start = 0, arrays = [] }: { firstLine?: number; start?: number; arrays?: readonly string[] } = {},
): AsyncGenerator<StreamedUnit> {
  let state: State = { at: "start" };
  let capture: Capture | undefined;
  let captureKey: string | undefined; // a top-level property's value being cut out (not an element)
  // The top-level object's properties that are strings (a Caliper envelope's dataVersion), handed on with each element streamed.
  const strings: Record<string, string> = {};
  // Every line until streaming starts (the fallback is the whole text), but long runs of blank lines
  // counted only, and none past --max-event-bytes: a document that large which is no container worth
  // streaming (one never closed, nested a level a line) is followed to its end, not held.
  const held = new HeldLines(true);
  let heldChars = 0;
  let overLimit = false;
  let lastLength = 0; // the last line's, for where a document never closed ends
  let streaming = false;
  let lineNumber = firstLine - 1;
  let endAt = -1; // where the document ended on its last line (0: it was cut short before that line)
  let afterIndented = false; // the last line with anything on it was indented (see indentedAfter)
  // What a top-level object's own checks need (an envelope's sensor, sendTime, …), kept as written.
  let objectAt = { line: 0, column: 0 };
  const properties: Property[] = [];
  let pending: Omit<Property, "value" | "valueLine"> | undefined; // the property whose value comes next
  let dataStreamed: string | undefined; // the key of the array streamed
  let propertyLost = false; // a property too large or not JSON: the object is not checked on its own
  let propertyTooLarge = false; // said already: a document too large to hold because of it is not said again

  const fail = (text: string, line: number, column: number, said: Worded): StreamedUnit => ({
    kind: "unreadable",
    diagnostic: { code: "JSON_SYNTAX", severity: fixedSeverity("JSON_SYNTAX", "invalid"), file, line, column, ...said },
    text,
  });

  lines: for await (const line of lines) {
    const from = lineNumber === firstLine - 1 ? start : 0;
    lineNumber++;
    if (typeof line !== "string") {
      // What that line held is unknown, so the document's structure cannot be followed past it.
      const code = line.kind === "too-long" ? "EVENT_TOO_LARGE" : "ENCODING";
      yield {
        kind: "unreadable",
        diagnostic: {
          code,
          severity: fixedSeverity(code, "invalid"),
          file,
          line: lineNumber,
          column: line.column,
          ...worded(`${code}.restUnread`, { message: line.said.message }),
        },
      };
      return;
    }
    if (capture && capture.column > 1 && mayStartDocument(line, afterIndented)) {
      // A value begun further right is not closed, and a line in the first column starts a document
      // as the next one would (after indented lines, or a line that is a value on its own): this one
      // was cut short, and the next starts here.
      endAt = 0;
      break;
    }
    afterIndented = indentedAfter(line, afterIndented);
    lastLength = line.length;
    if (!streaming) {
      heldChars += line.length - from + 1;
      // Characters are never more than bytes: past the limit in characters, it is past it in bytes.
      if (!overLimit && heldChars > maxEventBytes) {
        overLimit = true;
        held.clear();
      } else if (!overLimit) held.push(from > 0 ? line.slice(from) : line);
    }
    let i = from;
    while (i <= line.length) {
      if (capture) {
        const end = scanValue(capture, line, i);
        keep(capture, line.slice(i, end < 0 ? line.length : end), maxEventBytes);
        if (end < 0) break; // the value goes on on the next line
        const text = " ".repeat(capture.column - 1) + capture.parts.join();
        const startLine = capture.line;
        const lineGaps = capture.parts.lineGaps(startLine);
        const oversized = capture.tooLarge ? capture : undefined;
        capture = undefined;
        i = end;
        if (oversized) {
          yield {
            kind: "unreadable",
            diagnostic: {
              code: "EVENT_TOO_LARGE",
              severity: fixedSeverity("EVENT_TOO_LARGE", "invalid"),
              file,
              line: oversized.line,
              column: oversized.column,
              ...worded("EVENT_TOO_LARGE.element", {
                bytes: oversized.bytes ?? oversized.length,
                limit: maxEventBytes,
              }),
            },
          };
          if (captureKey !== undefined) {
            captureKey = undefined;
            propertyLost = true;
            propertyTooLarge = true;
            state = { at: "object", expect: "comma" };
          } else if (state.at === "data") state = { at: "data", key: state.key, expect: "comma", index: state.index };
          else if (state.at === "array") state = { at: "array", expect: "comma", index: state.index };
          continue;
        }
        if (captureKey !== undefined) {
          // A top-level property beside the data (sensor, dataVersion, more): bad JSON there is said, not skipped.
          const value = tryParse(text);
          if (value === FAILED) {
            propertyLost = true;
            yield {
              kind: "unreadable",
              diagnostic: jsonSyntaxDiagnostic(text, startLine, file, lastError),
              text: text.trimStart(),
            };
          } else {
            if (typeof value === "string")
              Object.defineProperty(strings, captureKey, {
                value,
                enumerable: true,
                writable: true,
                configurable: true,
              });
            if (pending)
              properties.push({
                ...pending,
                value: text.slice(text.length - text.trimStart().length),
                valueLine: startLine,
              });
          }
          captureKey = undefined;
          state = { at: "object", expect: "comma" };
          continue;
        }
        const parsed = tryParse(text);
        const pointer =
          state.at === "data" ? `/${state.key}/${state.index}` : state.at === "array" ? `/${state.index}` : "";
        if (parsed === FAILED) {
          const diagnostic = jsonSyntaxDiagnostic(text, startLine, file, lastError);
          diagnostic.line = lineInFile(lineGaps, diagnostic.line);
          yield { kind: "unreadable", diagnostic, text: text.trimStart() };
        } else {
          yield {
            kind: "element",
            value: parsed,
            source: { text, firstLine: startLine, ...(lineGaps && { lineGaps }) },
            pointer,
            ...(state.at === "data" && { container: { key: state.key, strings: { ...strings } } }),
          };
        }
        if (state.at === "data") state = { at: "data", key: state.key, expect: "comma", index: state.index };
        else if (state.at === "array") state = { at: "array", expect: "comma", index: state.index };
        continue;
      }
      if (i === line.length) break;
      const c = line[i]!;
      if (c === " " || c === "\t" || c === "\r") {
        i++;
        continue;
      }
      switch (state.at) {
        case "start":
          if (c === "[") state = { at: "array", expect: "value", index: 0 };
          else if (c === "{") {
            state = { at: "object", expect: "key" };
            objectAt = { line: lineNumber, column: i + 1 };
          } else {
            yield* whole(held, lines, firstLine);
            return;
          }
          i++;
          break;
        case "array":
          if (c === "]") {
            if (state.expect === "value" && state.index > 0)
              return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.trailingCommaArray"));
            state = { at: "end" };
            i++;
          } else if (state.expect === "comma") {
            if (c !== ",") return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.arraySeparator"));
            state = { at: "array", expect: "value", index: state.index + 1 };
            i++;
          } else {
            streaming = startStreaming(streaming, held);
            capture = newCapture(lineNumber, i + 1, true);
          }
          break;
        case "object":
          if (state.expect === "key") {
            if (c === "}") {
              if (state.afterComma)
                return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.trailingCommaObject"));
              state = { at: "end" };
              i++;
              break;
            }
            const end = c === '"' ? stringEnd(line, i) : -1;
            if (end < 0) {
              // Not a string closed on its line (a JSON string holds no line break): bad JSON. Before
              // streaming, parsing the whole text says exactly what is wrong; once elements have been
              // read (a key after `data`), it is reported here, and what was read stands.
              if (streaming || overLimit)
                return yield fail(
                  line,
                  lineNumber,
                  i + 1,
                  c === '"' ? worded("JSON_SYNTAX.keyNotClosed") : worded("JSON_SYNTAX.keyNotQuoted"),
                );
              return yield heldFault(held, firstLine, start, file);
            }
            const key = tryParse(line.slice(i, end));
            if (typeof key !== "string") {
              // A bad escape or a control character in the name: JSON.parse on the whole text says which.
              if (streaming || overLimit) return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.badKey"));
              return yield heldFault(held, firstLine, start, file);
            }
            state = { at: "object", expect: "colon", key };
            pending = { rawKey: line.slice(i, end), line: lineNumber, column: i + 1 };
            i = end;
          } else if (state.expect === "colon") {
            if (c !== ":") return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.colon"));
            state = { at: "object", expect: "value", key: state.key! };
            i++;
          } else if (state.expect === "value") {
            const key: string = state.key!;
            if (arrays.includes(key) && c === "[") {
              streaming = startStreaming(streaming, held);
              state = { at: "data", key, expect: "value", index: 0 };
              // Kept as `[]`: the object's own checks see every key where it stands.
              dataStreamed = key;
              if (pending) properties.push({ ...pending, value: "[]", valueLine: lineNumber });
              i++;
            } else {
              captureKey = key;
              capture = newCapture(lineNumber, i + 1);
            }
          } else {
            if (c === "}") state = { at: "end" };
            else if (c === ",") state = { at: "object", expect: "key", afterComma: true };
            else return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.objectSeparator"));
            i++;
          }
          break;
        case "data":
          if (c === "]") {
            if (state.expect === "value" && state.index > 0)
              return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.trailingCommaArray"));
            state = { at: "object", expect: "comma" };
            i++;
          } else if (state.expect === "comma") {
            if (c !== ",")
              return yield fail(line, lineNumber, i + 1, worded("JSON_SYNTAX.dataSeparator", { key: state.key }));
            state = { ...state, expect: "value", index: state.index + 1 };
            i++;
          } else capture = newCapture(lineNumber, i + 1, true);
          break;
      }
      // The document is whole: the rest of the line (another document, perhaps) is not its.
      if (state.at === "end") {
        endAt = i;
        break lines;
      }
    }
  }
  if (!streaming && overLimit) {
    if (capture || state.at !== "end") yield endsTooEarly(file, lineNumber, lastLength);
    else if (!propertyTooLarge) yield tooLargeWhole(file, objectAt, heldChars, maxEventBytes, arrays);
    if (endAt >= 0) yield { kind: "end", at: endAt };
    return;
  }
  if (!streaming) {
    if (endAt > 0) held.cutLast(endAt - (held.length === 1 ? start : 0));
    yield wholeText(held, firstLine);
    if (endAt >= 0) yield { kind: "end", at: endAt };
    return;
  }
  if (capture || state.at !== "end")
    yield {
      kind: "unreadable",
      diagnostic: {
        code: "JSON_SYNTAX",
        severity: fixedSeverity("JSON_SYNTAX", "invalid"),
        file,
        line: capture?.line ?? lineNumber,
        column: capture?.column ?? 1,
        ...worded("JSON_SYNTAX.truncatedStream"),
      },
      ...(capture && { text: capture.parts.join() }),
      truncated: true,
    };
  else if (dataStreamed !== undefined && !propertyLost) {
    const source = propertiesText(properties, objectAt, lineNumber);
    const value = tryParse(source.text);
    if (value !== FAILED)
      yield { kind: "container", key: dataStreamed, value: value as Record<string, unknown>, source };
  }
  if (endAt >= 0) yield { kind: "end", at: endAt };
}

/** A document held to the limit and never closed: where JSON.parse would have said it ends, without the text. */
function endsTooEarly(file: string, line: number, lastLength: number): StreamedUnit {
  return {
    kind: "unreadable",
    diagnostic: {
      code: "JSON_SYNTAX",
      severity: fixedSeverity("JSON_SYNTAX", "invalid"),
      file,
      line,
      column: lastLength + 1,
      ...worded("JSON_SYNTAX.truncated"),
    },
    truncated: true,
  };
}

/** A whole document over --max-event-bytes that is no container to stream: skipped, as a line that long is. */
function tooLargeWhole(
  file: string,
  at: { line: number; column: number },
  chars: number,
  limit: number,
  arrays: readonly string[],
): StreamedUnit {
  const said =
    arrays.length > 0
      ? worded("EVENT_TOO_LARGE.document", { bytes: chars, limit, keys: arrays })
      : worded("EVENT_TOO_LARGE.documentOfEvents", { bytes: chars, limit });
  return {
    kind: "unreadable",
    diagnostic: {
      code: "EVENT_TOO_LARGE",
      severity: fixedSeverity("EVENT_TOO_LARGE", "invalid"),
      file,
      line: at.line,
      column: at.column,
      ...said,
    },
  };
}

/**
 * A property name that is not JSON, before any element was streamed: JSON.parse on the text so far
 * says what is wrong, and where (the line break after it is kept: a string left open there is then
 * a line break in a string, as it would be with the lines after it).
 */
function heldFault(held: HeldLines, firstLine: number, start: number, file: string): StreamedUnit {
  const text = held.join() + "\n";
  tryParse(text);
  const diagnostic = jsonSyntaxDiagnostic(text, firstLine, file, lastError);
  if (diagnostic.line === firstLine && diagnostic.column !== undefined) diagnostic.column += start;
  diagnostic.line = lineInFile(held.lineGaps(firstLine), diagnostic.line);
  return { kind: "unreadable", diagnostic, text: text.trimEnd() };
}

/**
 * A streamed object's own properties as one small JSON text: each key at the start of a line of its
 * own, its value after it, `{` and `}` around them. `lineMap` gives each line the file's line and
 * how far right it starts there, so that a diagnostic on a property names the file's line and
 * column however far below or to the right of the others it sits (after the data, millions of
 * lines down), and the text stays as small as the properties.
 */
function propertiesText(
  properties: Property[],
  objectAt: { line: number; column: number },
  lastLine: number,
): SourceText {
  const lines = ["{"];
  const lineMap = [{ line: objectAt.line, shift: objectAt.column - 1 }];
  properties.forEach((property, k) => {
    const comma = k < properties.length - 1 ? "," : "";
    const [first = "", ...more] = property.value.split("\n");
    // A value on a line after its key's (rare) moves up beside it: diagnostics point at keys.
    lines.push(`${property.rawKey}: ${first}${more.length === 0 ? comma : ""}`);
    lineMap.push({ line: property.line, shift: property.column - 1 });
    more.forEach((text, j) => {
      lines.push(`${text}${j === more.length - 1 ? comma : ""}`);
      lineMap.push({ line: property.valueLine + 1 + j, shift: 0 });
    });
  });
  lines.push("}");
  lineMap.push({ line: lastLine, shift: 0 });
  return { text: lines.join("\n"), firstLine: 1, lineMap };
}

/** `element`: an element of the array streamed, whose long runs of blank lines are counted, not held (see HeldLines). */
function newCapture(line: number, column: number, element = false): Capture {
  return {
    line,
    column,
    parts: new HeldLines(element),
    length: 0,
    tooLarge: false,
    depth: 0,
    inString: false,
    escaped: false,
  };
}

/** Holds a piece of a value being cut out, unless the value has grown past the limit. */
function keep(capture: Capture, piece: string, limit: number): void {
  const separator = capture.length > 0 ? 1 : 0; // the line break before it
  capture.length += piece.length + separator;
  if (capture.bytes !== undefined) capture.bytes += Buffer.byteLength(piece) + separator;
  else if (capture.length * 3 > limit)
    capture.bytes =
      Buffer.byteLength(capture.parts.join()) + capture.parts.skippedChars + separator + Buffer.byteLength(piece);
  if (capture.bytes !== undefined && capture.bytes > limit) {
    capture.tooLarge = true;
    capture.parts.clear();
  } else if (!capture.tooLarge) capture.parts.push(piece);
}

/** Hands back the whole document when it is not worth streaming (only before any element was streamed). */
async function* whole(
  held: HeldLines,
  rest: AsyncIterable<Line> | Iterable<Line>,
  firstLine: number,
): AsyncGenerator<StreamedUnit> {
  for await (const line of rest) held.push(typeof line === "string" ? line : "");
  yield wholeText(held, firstLine);
}

function wholeText(held: HeldLines, firstLine: number): StreamedUnit {
  const lineGaps = held.lineGaps(firstLine);
  return { kind: "whole", text: held.join(), ...(lineGaps && { lineGaps }) };
}

function startStreaming(streaming: boolean, held: HeldLines): true {
  if (!streaming) held.clear(); // the lines before are the header: no longer needed
  return true;
}

/** The offset after the string starting at `i` on this line, or -1 if it does not end on it. */
function stringEnd(line: string, i: number): number {
  for (let j = i + 1; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}

/**
 * Advances a capture over `line` from `from`; returns the offset just after the value when it ends
 * on this line, else -1. Scalars end at a delimiter; containers when their brackets balance.
 */
function scanValue(capture: Capture, line: string, from: number): number {
  for (let j = from; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (capture.inString) {
      if (capture.escaped) capture.escaped = false;
      else if (c === BACKSLASH) capture.escaped = true;
      else if (c === QUOTE) {
        capture.inString = false;
        if (capture.depth === 0) return j + 1;
      }
      continue;
    }
    if (c === QUOTE) capture.inString = true;
    else if (c === 0x7b || c === 0x5b) capture.depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (capture.depth === 0) return j; // a scalar ends where its container closes
      capture.depth--;
      if (capture.depth === 0) return j + 1;
    } else if (capture.depth === 0 && (c === 0x2c || c === 0x20 || c === 0x09 || c === 0x0d)) return j;
  }
  // A JSON string holds no line break: one still open here is broken (JSON.parse will say so), and
  // brackets are counted again from the next line, so that the value ends where it is written.
  capture.inString = false;
  capture.escaped = false;
  // A scalar ends with its line; a container goes on.
  return capture.depth === 0 && line.length > from ? line.length : -1;
}

const FAILED = Symbol("failed");
let lastError: unknown;

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    lastError = err;
    return FAILED;
  }
}

/** Blank lines in a row a collapsing HeldLines keeps; the rest of the run is counted only. */
const BLANK_RUN_KEPT = 64;

/**
 * Lines held to be joined with line breaks, kept as text: every 1024 lines are joined into one
 * string, so that a long run of short or blank lines costs its bytes, not an array slot and a
 * string header each (16 million blank lines held one a slot took over 128 MB). `collapseBlankRuns`:
 * past BLANK_RUN_KEPT blank lines in a row, the rest of the run is counted, not held (lineGaps says
 * where), so that a run of any length costs a few numbers (a streamed document's header, an element).
 */
export class HeldLines {
  /** How many lines are held. */
  length = 0;
  private joined: string[] = [];
  private recent: string[] = [];
  private blankRun = 0;
  /** Characters (and line breaks) of the lines left out: bytes too, blank lines being ASCII. */
  skippedChars = 0;
  /** After held line `index` (from 0), `skipped` lines in all so far were left out. */
  private gaps: { index: number; skipped: number }[] = [];

  constructor(private readonly collapseBlankRuns = false) {}

  push(line: string): void {
    if (this.collapseBlankRuns) {
      if (!isBlank(line)) this.blankRun = 0;
      else if (++this.blankRun > BLANK_RUN_KEPT) {
        const last = this.gaps.at(-1);
        this.skippedChars += line.length + 1;
        if (last?.index === this.length - 1) last.skipped++;
        else this.gaps.push({ index: this.length - 1, skipped: (last?.skipped ?? 0) + 1 });
        return;
      }
    }
    this.recent.push(line);
    this.length++;
    if (this.recent.length < 1024) return;
    this.joined.push(this.recent.join("\n"));
    this.recent = [];
    if (this.joined.length >= 1024) this.joined = [this.joined.join("\n")];
  }

  /** The last line held, cut at `end`. */
  cutLast(end: number): void {
    if (this.recent.length > 0) {
      this.recent[this.recent.length - 1] = this.recent[this.recent.length - 1]!.slice(0, end);
      return;
    }
    const chunk = this.joined.pop();
    if (chunk === undefined) return;
    const at = chunk.lastIndexOf("\n") + 1;
    this.joined.push(chunk.slice(0, at) + chunk.slice(at).slice(0, end));
  }

  /** Where lines were left out, numbered from `firstLine` (see SourceText.lineGaps); undefined when none were. */
  lineGaps(firstLine: number): LineGap[] | undefined {
    return this.gaps.length === 0
      ? undefined
      : this.gaps.map((gap) => ({ line: firstLine + gap.index, skipped: gap.skipped }));
  }

  join(): string {
    return this.recent.length === 0 ? this.joined.join("\n") : [...this.joined, ...this.recent].join("\n");
  }

  clear(): void {
    this.length = 0;
    this.blankRun = 0;
    this.skippedChars = 0;
    this.gaps = [];
    this.joined = [];
    this.recent = [];
  }
}
