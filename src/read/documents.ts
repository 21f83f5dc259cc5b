/**
 * A file is a sequence of JSON documents, as jq reads one: one a line (NDJSON, JSON Lines), or
 * documents over many lines one after another (`cat a.json b.json`, `jq .`), or both, separated by
 * whitespace or nothing at all (`}{`), each text perhaps preceded by a record separator (RFC 7464).
 * A line that is a JSON value on its own is read at once (NDJSON's fast path); any other document is
 * followed through its lines by a ValueScanner to where it ends, which may be part-way along a line,
 * then cut out and parsed whole, or, when larger than STREAM_ABOVE_BYTES, streamed element by element.
 *
 * Where a document is broken, the reader picks up again where the next can start: after the broken
 * one's end when its brackets balance; else at the next line that starts a document in the first
 * column (`{`, `[` or a record separator); and a document cut short by the next is read up to the
 * cut, when that next one began on a line of its own in the first column where the cut one could
 * not go on (after an indented line, or a line that is a JSON value on its own: NDJSON). Where the
 * cut one could go on with a value there, the line is read on as its value, and the document is cut
 * short there only if it then turns out broken (valid JSON is read as JSON.parse reads it).
 */
import { OPEN_BRACE, OPEN_BRACKET, SPACE, TAB } from "../core/char-codes.js";
import { lineInFile } from "../core/line-gaps.js";
import { fixedSeverity, worded, type Diagnostic } from "../diagnostics.js";
import type { ParsedUnit, SourceText } from "../types.js";
import { streamDocument, type StreamedUnit } from "./document-stream.js";
import { endsTooEarly, jsonSyntaxDiagnostic } from "./json-syntax.js";
import { DEFAULT_MAX_LINE_BYTES, type EncodingProblem, type Line } from "./lines.js";
import {
  indentedAfter,
  isBlank,
  isIndent,
  isStandalone,
  mayStartDocument,
  parseLine,
  startsDocument,
  type LineParse,
} from "./line-starts.js";
import { RS, ValueScanner } from "./value-scanner.js";

/**
 * Documents up to this size are parsed whole, which resolves every IRI reference however the
 * envelope is ordered; larger ones are streamed, so that memory holds one element, not the file.
 */
export const STREAM_ABOVE_BYTES = 8 * 1024 * 1024;

export type { ParsedUnit } from "../types.js";

export interface SequenceOptions {
  streamAboveBytes?: number;
  maxEventBytes?: number;
  /** The keys of the arrays a large object is streamed by (the standards' containers); none by default. */
  containerArrays?: readonly string[];
  /**
   * The lines are a part of a file, planned (ranges.ts) to start just after a line that is a JSON
   * value on its own and to end just before another, or at the file's end. Every rule that stops a
   * document stops at such a line, so the part reads as it would in the whole file. No byte-order
   * mark is looked for.
   */
  part?: boolean;
}

/**
 * A line held costs memory beside its bytes (an array slot, a string's header): a document held
 * whole may have at most STREAM_ABOVE_BYTES / LINE_FLOOR lines, so that a long run of blank or
 * short lines inside one is streamed, as a large one is, instead of taking far more than its size.
 */
const LINE_FLOOR = 16;
const BOM = 0xfeff;
const READ_AGAIN_SLACK = 1024 * 1024;
/** The most of a run of text that is not JSON held for --rejects (in characters); past it, the run is counted only. */
const NOT_JSON_KEPT = 1024 * 1024;
/** Units are handed on this many at a time at most (the values parsed ahead of their checks). */
const UNITS_HANDED_ON = 64;
/** Problems of a streamed document held until its first element (see stream). */
const HELD_PROBLEMS = 64;
/** A line to read from offset `start` (after a document that ended part-way along it). */
interface Place {
  line: Line;
  number: number;
  start: number;
}

/**
 * Decides from the content what each part of the file is (see the module's comment) and yields its
 * values in order, with the lines and columns they have in the file.
 */
export async function* parseUnits(
  lines: AsyncIterable<Line[]>,
  file: string,
  options: SequenceOptions = {},
): AsyncGenerator<ParsedUnit[]> {
  const source = new LineSource(lines[Symbol.asyncIterator](), options.part !== true);
  const reader = new SequenceReader(source, file, options);
  yield* reader.units();
  // The input may fail part-way (a gzip stream cut short, or followed by garbage). The lines read
  // before that are still used: a document they complete is read, and the failure is thrown after.
  if (source.failure) throw source.failure.error;
}

/**
 * The lines, with the ones handed back (to be read again) first. The input comes an array of
 * lines at a time (one chunk's), never empty: lines in hand are taken with no promise at all.
 */
class LineSource {
  failure: { error: unknown } | undefined;
  /** No line is left to read from the input (lines handed back may be). */
  ended = false;
  /** Characters of the input's lines read so far (each once), what reading again is weighed against. */
  chars = 0;
  private queue: Place[] = [];
  private next = 0;
  private number = 0;
  /** The input's lines in hand, and the next of them to take. */
  private batch: readonly Line[] = [];
  private at = 0;

  constructor(
    private readonly lines: AsyncIterator<Line[]>,
    /** The first line is the file's: a UTF-8 byte-order mark there is not part of the JSON text. */
    private bom: boolean,
  ) {}

  /** The next line: one handed back, else the input's; undefined when none is left. */
  read(): Promise<Place | undefined> {
    return this.readThen((place) => place);
  }

  /** The next line, handed to `then`: one promise a line at most, none while lines are in hand. */
  readThen<T>(then: (place: Place | undefined) => T): Promise<T> {
    const queued = this.queued();
    if (queued !== undefined || this.ended) return Promise.resolve(then(queued));
    return this.lines.next().then(
      (result) => then(this.place(result)),
      (error: unknown) => then(this.fail(error)),
    );
  }

  /** A line handed back, else one of the input's in hand, if any: taken. */
  queued(): Place | undefined {
    if (this.next < this.queue.length) {
      const place = this.queue[this.next++]!;
      if (this.next === this.queue.length) {
        this.queue = [];
        this.next = 0;
      }
      return place;
    }
    return this.at < this.batch.length ? this.take(this.batch[this.at++]!) : undefined;
  }

  /** The input's own promise of its next lines (to hand to place(), or its failure to fail()), when none is queued. */
  pull(): Promise<IteratorResult<Line[]>> {
    return this.lines.next();
  }

  /** The input failed: the lines before are used, and parseUnits throws the error after them. */
  fail(error: unknown): undefined {
    this.failure = { error };
    this.ended = true;
    return undefined;
  }

  /** The first of the input's next lines, numbered (undefined: the input ended). */
  place(result: IteratorResult<Line[]>): Place | undefined {
    if (result.done) {
      this.ended = true;
      return undefined;
    }
    this.batch = result.value;
    this.at = 0;
    return this.queued();
  }

  private take(taken: Line): Place {
    let line = taken;
    if (typeof line === "string") this.chars += line.length + 1;
    if (this.bom) {
      this.bom = false;
      if (typeof line === "string" && line.charCodeAt(0) === BOM) line = line.slice(1);
    }
    return { line, number: ++this.number, start: 0 };
  }

  /** These are read next, in this order, before the lines not read yet. */
  unread(places: readonly Place[]): void {
    if (places.length === 0) return;
    this.queue = [...places, ...this.queue.slice(this.next)];
    this.next = 0;
  }
}

class SequenceReader {
  private readonly limit: number;
  private readonly maxEventBytes: number;
  private readonly arrays: readonly string[];
  /** The last document was one line: a line cut short now is a bad NDJSON line, not a document to salvage. */
  private afterLine: boolean;
  /** Characters of lines read again (after a document was found cut short before them): see mayReadAgain. */
  private readAgain = 0;
  /** The last line that did not parse on its own, and why: a bad NDJSON line is then parsed once, not twice. */
  private failed: LineParse | undefined;
  /** The last thing read was a line that is a value on its own (see mayReadAgain). */
  private lineBefore = false;

  constructor(
    private readonly source: LineSource,
    private readonly file: string,
    options: SequenceOptions,
  ) {
    this.limit = options.streamAboveBytes ?? STREAM_ABOVE_BYTES;
    this.arrays = options.containerArrays ?? [];
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.afterLine = options.part === true;
  }

  /**
   * The units in order, an array at a time: NDJSON's lines in hand are parsed in a plain loop, and
   * the units found so far handed on before the input is waited for.
   */
  async *units(): AsyncGenerator<ParsedUnit[]> {
    const source = this.source;
    let out: ParsedUnit[] = [];
    // What a reader that may wait for more lines yields, handed on in arrays as well.
    const drain = async function* (units: AsyncIterable<ParsedUnit>): AsyncGenerator<ParsedUnit[]> {
      for await (const unit of units) {
        out.push(unit);
        if (out.length >= UNITS_HANDED_ON) {
          yield out;
          out = [];
        }
      }
    };
    for (;;) {
      // NDJSON's loop, once per line of the input: the input's own promise is awaited once a chunk.
      let place = source.queued();
      if (place === undefined) {
        if (source.ended) break;
        if (out.length > 0) {
          yield out;
          out = [];
        }
        try {
          place = source.place(await source.pull());
        } catch (error) {
          place = source.fail(error);
        }
        if (place === undefined) break;
      }
      const { line, number, start } = place;
      if (typeof line !== "string") {
        this.lineBefore = false;
        if (line.kind === "encoding") yield* drain(this.notText(line, number));
        else out.push(encodingProblem(line, number, this.file));
        continue;
      }
      const at = skipBetween(line, start);
      if (at === line.length) continue;
      if (line.charCodeAt(at) === BOM) {
        // Files that each start with one, joined by cat: the mark is said, and the document after it read.
        out.push({
          kind: "unreadable",
          diagnostic: {
            code: "JSON_SYNTAX",
            severity: fixedSeverity("JSON_SYNTAX", "invalid"),
            file: this.file,
            line: number,
            column: at + 1,
            ...worded("JSON_SYNTAX.lateBom"),
          },
          text: "\ufeff",
        });
        this.source.unread([{ line, number, start: at + 1 }]);
        continue;
      }
      if (start === 0) {
        const alone = parseLine(line);
        if (alone?.ok) {
          // Two values on their own lines in a row: the budget of reading again starts over here, as
          // it does at the start of a part (which starts at such a line), so parts decide as the whole.
          if (this.lineBefore) {
            this.readAgain = 0;
            this.source.chars = line.length + 1;
          }
          this.lineBefore = true;
          out.push({
            kind: "value",
            value: alone.value,
            source: { text: alone.text, firstLine: number, oneLine: true },
          });
          this.afterLine = true;
          // Values parsed ahead of their checks are memory held: a few dozen at a time.
          if (out.length >= UNITS_HANDED_ON) {
            yield out;
            out = [];
          }
          continue;
        }
        this.failed = alone;
      }
      this.lineBefore = false;
      yield* drain(this.document(line, number, at));
    }
    if (out.length > 0) yield out;
  }

  /** The document that starts at offset `start` of `line`, followed to its end. */
  private async *document(line: string, firstNumber: number, start: number): AsyncGenerator<ParsedUnit> {
    const scanner = new ValueScanner();
    const held = [line];
    let size = start === 0 ? Buffer.byteLength(line) + 1 : line.length - start + 1;
    // Lines in the first column where a new document may have begun, if this one turns out cut short there.
    const starts: number[] = [];
    // The depth at which the last value in the first column was read on where one may come (see below).
    let candidate: number | undefined;
    let indented = indentedAfter(line, false);
    let step = scanner.feed(line, start);
    if (step.kind === "error" && step.at === start) {
      yield* this.notJson(line, firstNumber, start);
      return;
    }
    while (step.kind === "more") {
      if (size > this.limit || held.length > this.limit / LINE_FLOOR) {
        yield* this.stream(held, firstNumber, start, "document");
        return;
      }
      const place = await this.source.read();
      if (!place) {
        yield* this.unclosed(held, firstNumber, start, starts, [], !this.source.failure);
        return;
      }
      const next = place.line;
      if (typeof next !== "string" && next.kind === "too-long") {
        // A line over the limit is an event of its own: the document before it was cut short there.
        this.source.unread([place]);
        yield* this.unclosed(held, firstNumber, start, starts, [], true);
        return;
      }
      if (typeof next !== "string") {
        // Bad bytes: what the document held from there is unknown. After NDJSON lines, a line cut
        // short before them is one bad line, and theirs is another.
        if (starts.length > 0 && this.mayReadAgain(held.slice(starts[0]!)))
          yield* this.splitAt(held, firstNumber, start, starts[0]!, [place]);
        else if (this.afterLine && withoutTrailingBlanks(held).length === 1) {
          this.source.unread([place]);
          yield* this.cutShort(held, firstNumber, start, true);
        } else {
          yield encodingProblem(next, place.number, this.file);
          await this.skipToNextDocument();
          this.afterLine = false;
        }
        return;
      }
      const c = next.charCodeAt(0);
      if (c === RS) {
        this.source.unread([place]);
        yield* this.unclosed(held, firstNumber, start, starts, [], true);
        return;
      }
      if (mayStartDocument(next, indented)) {
        if (scanner.openValueColumn() > 1) {
          // A value that began further right is still open. Where no value may come (after a whole
          // one), this document was cut short (an element cut short, a file cut off and another
          // appended) and ends here, as it does when streamed (document-stream.ts). Where one may
          // come, the line may be that value (valid JSON) or the next document: it is read on, and
          // only if the document turns out broken was it cut short here (starts). One such line
          // inside the value of another still open ends it at once, at the first: reading again
          // then stays linear (documents cut short inside each other's elements).
          if (!scanner.expectsValue() || (candidate !== undefined && scanner.lowest > candidate)) {
            this.source.unread([place]);
            yield* this.unclosed(held, firstNumber, start, starts, [], true);
            return;
          }
          candidate = scanner.depth();
          scanner.markLowest();
        }
        starts.push(held.length);
      }
      indented = indentedAfter(next, indented);
      held.push(next);
      size += Buffer.byteLength(next) + 1;
      step = scanner.feed(next);
    }
    // Not JSON from the first character of a line that starts a document in the first column: this
    // one was cut short before it (a file cut off, then another appended), whatever came before.
    if (
      step.kind === "error" &&
      step.at === 0 &&
      held.length > 1 &&
      startsDocument(held[held.length - 1]!) &&
      starts.at(-1) !== held.length - 1
    )
      starts.push(held.length - 1);
    if (step.kind === "end") yield* this.complete(held, firstNumber, start, step.at);
    else if (step.kind === "cut") {
      // A record separator inside the value: this text was cut short, the next starts there.
      const last = held.length - 1;
      const rest: Place = { line: held[last]!, number: firstNumber + last, start: step.at };
      held[last] = held[last]!.slice(0, step.at);
      yield* this.unclosed(held, firstNumber, start, starts, [rest], true);
    } else if (starts.length > 0 && this.mayReadAgain(held.slice(starts[0]!)))
      yield* this.splitAt(held, firstNumber, start, starts[0]!, []);
    else yield* this.broken(held, firstNumber, start, size);
  }

  /** A whole document: from `start` on its first line to `end` on its last. */
  private *complete(held: string[], firstNumber: number, start: number, end: number): Generator<ParsedUnit> {
    const last = held.length - 1;
    if (end < held[last]!.length) this.source.unread([{ line: held[last]!, number: firstNumber + last, start: end }]);
    const text = cutText(held, start, end);
    const parsed = this.parse(text);
    if (parsed.ok) yield { kind: "value", value: parsed.value, source: sourceText(text, firstNumber, start) };
    else yield this.unreadable(text, firstNumber, start, parsed.error);
    this.afterLine = held.length === 1;
  }

  /**
   * A document that ended without its value being closed: at the input's end (`complete` false when
   * a read failure ended it), or at a record separator. If a new document began
   * in the first column on the way (`starts`), this one was cut short there; else it is cut short here.
   */
  private async *unclosed(
    held: string[],
    firstNumber: number,
    start: number,
    starts: number[],
    after: Place[],
    complete: boolean,
  ): AsyncGenerator<ParsedUnit> {
    if (starts.length > 0 && this.mayReadAgain(held.slice(starts[0]!))) {
      yield* this.splitAt(held, firstNumber, start, starts[0]!, after);
      return;
    }
    this.source.unread(after);
    yield* this.cutShort(held, firstNumber, start, complete);
  }

  /**
   * Whether these lines, held for a document found cut short before them, may be read again. Input
   * made to be cut short over and over (documents inside each other's elements, never closed) would
   * be read again each time, at a cost of the square of its size: lines are read again only while
   * what was read again stays within what was read, plus 1 MiB (both counted since the last two
   * lines in a row that were values on their own, where a part may start).
   */
  private mayReadAgain(lines: readonly string[]): boolean {
    let chars = 0;
    for (const line of lines) chars += line.length + 1;
    if (this.readAgain + chars > this.source.chars + READ_AGAIN_SLACK) return false;
    this.readAgain += chars;
    return true;
  }

  /** The document was cut short before held line `at`, where another begins: read again from there. */
  private async *splitAt(
    held: string[],
    firstNumber: number,
    start: number,
    at: number,
    after: Place[],
  ): AsyncGenerator<ParsedUnit> {
    const again = held.slice(at).map((line, k): Place => ({ line, number: firstNumber + at + k, start: 0 }));
    this.source.unread([...again, ...after]);
    yield* this.cutShort(held.slice(0, at), firstNumber, start, true);
  }

  /**
   * A document cut short keeps the whole elements before the cut (an envelope cut short), read
   * element by element as a large one is, and says where it was cut. After NDJSON lines, lines cut
   * short that are not indented (as a pretty-printed document's are) are bad NDJSON lines, each
   * rejected on its own as every other bad line is (a read failure after them changes nothing: the
   * lines before it were whole). A document cut by a read failure gets no "ends too early" beside
   * the failure's own error.
   */
  private async *cutShort(
    lines: string[],
    firstNumber: number,
    start: number,
    complete: boolean,
  ): AsyncGenerator<ParsedUnit> {
    const held = withoutTrailingBlanks(lines);
    const oneLine = held.length === 1;
    if (this.afterLine && held.every((line, k) => k === 0 || !isIndent(line.charCodeAt(0)))) {
      yield* this.lineByLine(held, firstNumber, start);
      return;
    }
    const text = cutText(held, start);
    const elements = await elementsOfBroken(
      held,
      this.file,
      complete,
      this.maxEventBytes,
      firstNumber,
      start,
      this.arrays,
    );
    if (elements.length > 0) yield* [{ kind: "document" } as const, ...elements];
    else if (complete) {
      const parsed = this.parse(text);
      if (parsed.ok) yield { kind: "value", value: parsed.value, source: sourceText(text, firstNumber, start) };
      else yield this.unreadable(text, firstNumber, start, parsed.error);
    }
    this.afterLine = oneLine;
  }

  /** Lines read one by one, as NDJSON: each non-blank one a value, or a bad line. */
  private *lineByLine(held: string[], firstNumber: number, start: number): Generator<ParsedUnit> {
    for (const [k, line] of held.entries()) {
      const from = k === 0 ? start : 0;
      if (skipBetween(line, from) === line.length) continue;
      const text = from > 0 ? line.slice(from) : line;
      const parsed = this.parse(text);
      if (parsed.ok) yield { kind: "value", value: parsed.value, source: sourceText(text, firstNumber + k, from) };
      else yield this.unreadable(text, firstNumber + k, from, parsed.error);
    }
  }

  /**
   * A fault inside a document (not a cut): one JSON_SYNTAX where it is, with JSON.parse's words,
   * for the document read on to where the next may start; a large one is streamed instead, so that
   * its elements before and after the fault are read. A document that turns out only cut short
   * (a string or literal cut at its last line) keeps its elements as any other cut short.
   */
  private async *broken(held: string[], firstNumber: number, start: number, size: number): AsyncGenerator<ParsedUnit> {
    const c = held[0]!.charCodeAt(start);
    // Not a container (a string never closed): it is its first line; what follows is not its.
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      yield* this.notJson(held[0]!, firstNumber, start);
      return;
    }
    let complete = true;
    for (;;) {
      if (size > this.limit || held.length > this.limit / LINE_FLOOR) {
        yield* this.stream(held, firstNumber, start, "broken");
        return;
      }
      const place = await this.source.read();
      if (!place) {
        complete = !this.source.failure;
        break;
      }
      if (startsEvent(place.line)) {
        this.source.unread([place]);
        break;
      }
      const line = typeof place.line === "string" ? place.line : "";
      held.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    const lines = withoutTrailingBlanks(held);
    const text = cutText(lines, start);
    const parsed = this.parse(text);
    if (parsed.ok) yield { kind: "value", value: parsed.value, source: sourceText(text, firstNumber, start) };
    else if (endsTooEarly(text, parsed.error)) yield* this.cutShort(lines, firstNumber, start, complete);
    else {
      yield this.unreadable(text, firstNumber, start, parsed.error);
      this.afterLine = lines.length === 1;
    }
  }

  /**
   * Text that is not JSON from where it starts (a CSV or HTML file, a log, a string never closed):
   * one JSON_SYNTAX where it stops being JSON, said from its first line, then skipped line by line
   * to the next line that starts a document in the first column, as a broken document is. Memory
   * holds at most NOT_JSON_KEPT characters of it, for --rejects: a longer run is counted, not copied.
   */
  private async *notJson(line: string, firstNumber: number, start: number): AsyncGenerator<ParsedUnit> {
    const first = start > 0 ? line.slice(start) : line;
    const parsed = this.parse(first);
    const problem = this.unreadable(first, firstNumber, start, parsed.ok ? undefined : parsed.error);
    // Its first line is kept whatever its length (within --max-event-bytes), as a bad NDJSON line's is.
    let kept: string[] | undefined = [first];
    let keptChars = first.length;
    let lines = 1;
    let chars = first.length;
    let lastWithText = 1; // the run's last line with anything on it: blank lines after it are between documents
    for (let place = await this.source.read(); place; place = await this.source.read()) {
      if (startsEvent(place.line)) {
        this.source.unread([place]);
        break;
      }
      const text = typeof place.line === "string" ? place.line : ""; // bad bytes that do not open a document
      lines++;
      chars += text.length + 1;
      if (typeof place.line !== "string" || !isBlank(text)) lastWithText = lines;
      keptChars += text.length + 1;
      if (keptChars > NOT_JSON_KEPT) kept = undefined;
      else kept?.push(text);
    }
    this.afterLine = lastWithText === 1;
    if (kept) {
      yield { ...problem, text: withoutTrailingBlanks(kept).join("\n"), notJson: true };
      return;
    }
    const diagnostic = {
      ...problem.diagnostic,
      ...worded("JSON_SYNTAX.skippedNotKept", { message: problem.diagnostic.message, lines: lastWithText, chars }),
    };
    yield { kind: "unreadable", diagnostic, notJson: true };
  }

  /**
   * Bytes that are not UTF-8 (a binary file, text in another encoding): one ENCODING for the run of
   * lines from here to the next line that starts a document in the first column (its bytes do, for a
   * line that is not UTF-8 either) or is over the limit, as text that is not JSON is (notJson), not
   * one a line. Its bytes are kept for --rejects up to NOT_JSON_KEPT, in base64:
   * no JSON string holds them unchanged.
   */
  private async *notText(first: EncodingProblem, firstNumber: number): AsyncGenerator<ParsedUnit> {
    const problem = encodingProblem(first, firstNumber, this.file);
    let kept: Buffer[] | undefined = first.bytes && [first.bytes];
    let keptBytes = first.bytes?.length ?? 0;
    let lines = 1;
    let lastWithText = 1; // the run's last line with anything on it: blank lines after it are between documents
    for (let place = await this.source.read(); place; place = await this.source.read()) {
      if (startsEvent(place.line)) {
        this.source.unread([place]);
        break;
      }
      lines++;
      if (typeof place.line !== "string" || !isBlank(place.line)) lastWithText = lines;
      if (!kept) continue;
      const bytes = typeof place.line === "string" ? Buffer.from(place.line) : place.line.bytes; // none for a line over the limit
      keptBytes += (bytes?.length ?? 0) + 1;
      if (bytes === undefined || keptBytes > NOT_JSON_KEPT) kept = undefined;
      else kept.push(bytes);
    }
    this.afterLine = lastWithText === 1;
    const before = { message: problem.diagnostic.message, lines: lastWithText };
    if (!kept) {
      const diagnostic = { ...problem.diagnostic, ...worded("ENCODING.skippedNotKept", before) };
      yield { kind: "unreadable", diagnostic };
      return;
    }
    const diagnostic =
      lastWithText === 1 ? problem.diagnostic : { ...problem.diagnostic, ...worded("ENCODING.skipped", before) };
    yield { kind: "unreadable", diagnostic, bytesBase64: joinLines(kept.slice(0, lastWithText)).toString("base64") };
  }

  /**
   * A document too large to hold, streamed element by element from its first line (the lines held
   * so far are read again). It ends where its value does (what follows on that line is read after
   * it); a fault stops it, and reading goes on where the next document may start.
   */
  private async *stream(
    held: string[],
    firstNumber: number,
    start: number,
    mode: FeedMode,
  ): AsyncGenerator<ParsedUnit> {
    const feed = new Feed(this.source, held, firstNumber, mode);
    yield { kind: "document" };
    let end: number | undefined;
    let lastDiagnostic: Diagnostic | undefined;
    // Problems before any element are held: a document cut short before its first element (inside a
    // property beside its data) is then one error, as when parsed whole, not one for the property and
    // another where it stops. At most HELD_PROBLEMS are held; past that, they are handed on as they come.
    let early: ParsedUnit[] | undefined = [];
    let truncated = false;
    for await (const unit of streamDocument(feed, this.file, this.maxEventBytes, {
      firstLine: firstNumber,
      start,
      arrays: this.arrays,
    })) {
      if (unit.kind === "end") end = unit.at;
      else if (unit.kind === "whole") {
        early = []; // the whole text parsed says what its properties' diagnostics said
        const parsed = this.parse(unit.text);
        const gaps = unit.lineGaps && { lineGaps: unit.lineGaps };
        if (parsed.ok)
          yield {
            kind: "value",
            value: parsed.value,
            source: { ...sourceText(unit.text, firstNumber, start), ...gaps },
          };
        else {
          const problem = this.unreadable(unit.text, firstNumber, start, parsed.error);
          problem.diagnostic.line = lineInFile(unit.lineGaps, problem.diagnostic.line);
          yield problem;
        }
      } else if (unit.kind === "unreadable") {
        lastDiagnostic = unit.diagnostic;
        truncated = unit.truncated === true;
        if (early && early.length < HELD_PROBLEMS) early.push(parsedElement(unit));
        else {
          if (early) yield* early;
          early = undefined;
          yield parsedElement(unit);
        }
      } else {
        if (early) yield* early;
        early = undefined;
        yield parsedElement(unit);
      }
    }
    this.afterLine = false;
    const last = feed.last;
    if (early) {
      // Cut short (at the input's end, or where the next document starts in the first column) before any element: its first diagnostic says it all.
      const cut =
        truncated ||
        (!feed.done &&
          end === undefined &&
          last !== undefined &&
          startsDocument(last.line) &&
          lastDiagnostic?.line === last.number &&
          lastDiagnostic.column === 1);
      yield* cut ? early.slice(0, 1) : early;
    }
    // Lines held but not streamed (it stopped before them) are read again, after what is left of the
    // last; past the budget of reading again, they go with the document cut short.
    const left = feed.heldLeft();
    const unread = this.mayReadAgain(left.map((place) => place.line as string)) ? left : [];
    if (end !== undefined && last && typeof last.line === "string") {
      this.source.unread(
        end < last.line.length ? [{ line: last.line, number: last.number, start: end }, ...unread] : unread,
      );
    } else if (!feed.done) {
      // Stopped at a fault. A fault at the first character of a line that starts a document is that
      // document's start: the one streamed was cut short before it.
      if (last && startsDocument(last.line) && lastDiagnostic?.line === last.number && lastDiagnostic.column === 1)
        this.source.unread([last, ...unread]);
      else {
        this.source.unread(unread);
        await this.skipToNextDocument();
      }
    }
  }

  /** Skips the rest of a broken document: to the next line that starts one in the first column. */
  private async skipToNextDocument(): Promise<void> {
    for (let place = await this.source.read(); place; place = await this.source.read()) {
      if (startsEvent(place.line)) {
        this.source.unread([place]);
        return;
      }
    }
  }

  /** JSON.parse, or what it said of this very text when it was the last line that did not parse on its own (exceptions are dear). */
  private parse(text: string): Parsed {
    const failed = this.failed;
    if (failed && !failed.ok && failed.text === text) return failed;
    return tryParse(text);
  }

  private unreadable(
    text: string,
    firstNumber: number,
    start: number,
    error: unknown,
  ): Extract<ParsedUnit, { kind: "unreadable" }> {
    const diagnostic = jsonSyntaxDiagnostic(text, firstNumber, this.file, error);
    if (start > 0 && diagnostic.line === firstNumber && diagnostic.column !== undefined) diagnostic.column += start;
    return { kind: "unreadable", diagnostic, text };
  }
}

/**
 * "document": lines go on until the input ends, a record separator starts one, or a line that is a
 * JSON value on its own follows another such (NDJSON: two in a row are never one document).
 * "broken": they stop at the next line that starts a document in the first column.
 */
type FeedMode = "document" | "broken";

/**
 * A streamed document's lines: those held, then more from the source, to where it must stop. An
 * iterator made by hand, not an async generator: it hands on every line of a large document.
 */
class Feed implements AsyncIterableIterator<Line> {
  /** The last line handed on. */
  last: Place | undefined;
  /** No line is left for this document (the source ended, or a line that starts another was reached). */
  done = false;
  private heldNext = 0;
  /** The last non-blank line handed on was a value on its own (see FeedMode). */
  private standalone: boolean;

  constructor(
    private readonly source: LineSource,
    private readonly held: string[],
    private readonly firstNumber: number,
    private readonly mode: FeedMode,
  ) {
    this.standalone = mode === "document" && held.length > 1 && isStandalone(withoutTrailingBlanks(held).at(-1) ?? "");
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The held lines not handed on yet. */
  heldLeft(): Place[] {
    return this.held
      .slice(this.heldNext)
      .map((line, k) => ({ line, number: this.firstNumber + this.heldNext + k, start: 0 }));
  }

  next(): Promise<IteratorResult<Line, undefined>> {
    if (this.heldNext < this.held.length) {
      const line = this.held[this.heldNext]!;
      // Handed on, it is the streamer's to keep or drop: held here too, half a million short lines cost 20 MB.
      this.held[this.heldNext] = "";
      this.last = { line, number: this.firstNumber + this.heldNext++, start: 0 };
      return Promise.resolve({ done: false, value: line });
    }
    if (this.done) return Promise.resolve({ done: true, value: undefined });
    return this.source.readThen((place) => this.take(place));
  }

  private take(place: Place | undefined): IteratorResult<Line, undefined> {
    if (!place) {
      this.done = true;
      return { done: true, value: undefined };
    }
    const { line } = place;
    if (typeof line === "string") {
      const c = line.charCodeAt(0);
      const opens = c === OPEN_BRACE || c === OPEN_BRACKET;
      const now = opens && this.mode === "document" && isStandalone(line);
      if (c === RS || (opens && this.mode === "broken") || (now && this.standalone)) {
        this.source.unread([place]);
        this.done = true;
        return { done: true, value: undefined };
      }
      if (opens || !isBlank(line)) this.standalone = now;
    }
    this.last = place;
    return { done: false, value: line };
  }
}

function parsedElement(unit: Exclude<StreamedUnit, { kind: "whole" | "end" }>): ParsedUnit {
  if (unit.kind === "unreadable" || unit.kind === "container") return unit;
  return {
    kind: "value",
    value: unit.value,
    source: unit.source,
    pointer: unit.pointer,
    ...(unit.container && { container: unit.container }),
  };
}

/**
 * The whole elements of a document cut short (an envelope cut short), read element by element as a
 * large one is. Nothing when it is not a container or no element parsed: then its one error says
 * it all. A document cut by a read failure gets no "ends too early" beside the failure's own error.
 */
async function elementsOfBroken(
  held: string[],
  file: string,
  complete: boolean,
  maxEventBytes: number,
  firstLine: number,
  start: number,
  arrays: readonly string[],
): Promise<ParsedUnit[]> {
  const units: ParsedUnit[] = [];
  for await (const unit of streamDocument(held, file, maxEventBytes, { firstLine, start, arrays })) {
    if (unit.kind === "whole") return [];
    if (unit.kind === "end") continue; // cut short at a line that starts a document: none does in a document held to its cut
    if (unit.kind === "unreadable" && unit.truncated && !complete) continue;
    units.push(parsedElement(unit));
  }
  return units.some((unit) => unit.kind === "value") ? units : [];
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: unknown };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The offset of the first character from `start` that is neither JSON whitespace nor a record separator. */
function skipBetween(line: string, start: number): number {
  let i = start;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== 0x0d && c !== RS) break;
    i++;
  }
  return i;
}

/** The held lines' text, from `start` on the first to `end` on the last. */
function cutText(held: readonly string[], start: number, end?: number): string {
  if (held.length === 1) return start === 0 && end === undefined ? held[0]! : held[0]!.slice(start, end);
  const parts = [...held];
  parts[0] = parts[0]!.slice(start);
  if (end !== undefined) parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, end);
  return parts.join("\n");
}

/**
 * Where a run of skipped lines (text that is not JSON, bytes that are not UTF-8) stops: a line that
 * starts a document, a line over the limit (an event of its own, EVENT_TOO_LARGE), or one whose
 * bytes start as a document's (an NDJSON line with a bad byte).
 */
function startsEvent(line: Line): boolean {
  if (typeof line === "string") return startsDocument(line);
  return line.kind === "too-long" || (line.bytes !== undefined && opensDocument(line.bytes[0]));
}

/** Whether a line starting with this byte starts a document, as startsDocument says of a line of text. */
function opensDocument(byte: number | undefined): boolean {
  return byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === RS;
}

/** Lines of bytes joined with line breaks. */
function joinLines(lines: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const [k, line] of lines.entries()) parts.push(...(k > 0 ? [NEWLINE, line] : [line]));
  return Buffer.concat(parts);
}

const NEWLINE = Buffer.from("\n");

function withoutTrailingBlanks(held: string[]): string[] {
  let n = held.length;
  while (n > 1 && isBlank(held[n - 1]!)) n--;
  return n === held.length ? held : held.slice(0, n);
}

/** A document's text, placed in its file: one that starts part-way along its first line is shifted right there. */
function sourceText(text: string, firstLine: number, start: number): SourceText {
  return start > 0 ? { text, firstLine, lineMap: [{ line: firstLine, shift: start }] } : { text, firstLine };
}

function encodingProblem(
  problem: EncodingProblem,
  line: number,
  file: string,
): Extract<ParsedUnit, { kind: "unreadable" }> {
  const code = problem.kind === "too-long" ? "EVENT_TOO_LARGE" : "ENCODING";
  return {
    kind: "unreadable",
    diagnostic: {
      code,
      severity: fixedSeverity(code, "invalid"),
      file,
      line,
      column: problem.column,
      ...problem.said,
    },
  };
}
