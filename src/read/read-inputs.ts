import { createReadStream, fstatSync } from "node:fs";
import { access, constants, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { advance, offsetsInOrder, startOf, type Anchor } from "../core/json-scan.js";
import { isObject, parsePointer } from "../core/json.js";
import { lineInFile } from "../core/line-gaps.js";
import { surveyText } from "../core/text-survey.js";
import { fixedSeverity, type Diagnostic } from "../diagnostics.js";
import { GradeevError, ioErrorMessage } from "../errors.js";
import type { DescribedEntity, Provenance, SourcedEvent, SourceText } from "../types.js";
import { openBytes } from "./bytes.js";
import { caliperVersion } from "../standards/caliper-vocabulary.js";
import { isCaliperEnvelope, unwrap } from "./containers.js";
import { parseUnits } from "./documents.js";
import { splitLines } from "./lines.js";
import { resolveSources, type InputSource, type ResolveOptions, type SkippedEntries } from "./sources.js";

/** What reading yields, in input order. */
export type ReadItem =
  | { kind: "file"; file: string }
  | { kind: "event"; event: SourcedEvent }
  /** A Caliper entity describe: checked, and used to resolve references, but not an event. */
  | { kind: "describe"; describe: SourcedEvent }
  /** A Caliper envelope: its own properties are checked; its events come as events. */
  | { kind: "envelope"; envelope: SourcedEvent }
  /**
   * A part of the input that holds no readable event: a JSON syntax error, a read error, an empty
   * file. `text` is the unparsable text, when there is one, for the rejects file.
   */
  | { kind: "problem"; diagnostic: Diagnostic; text?: string; bytesBase64?: string };

export interface ReadOptions {
  /** Standard input, read for the path "-". */
  stdin?: Readable;
  /** The longest line (NDJSON event) read; longer ones are skipped with EVENT_TOO_LARGE. */
  maxEventBytes?: number;
  /** Folder walks follow symbolic links that lead out of the folder named (--follow-links). */
  followLinks?: boolean;
  /** Documents larger than this are streamed element by element (8 MiB by default). */
  streamAboveBytes?: number;
  /** Hears the input's size when known (the files' total; standard input has none), then every chunk read. */
  progress?: { total(bytes: number | undefined): void; read(bytes: number): void };
}

/**
 * Reads files, folders and standard input into a stream of events with their provenance.
 * Every path is checked before the first event is handed on: a missing or unreadable path
 * throws a GradeevError (exit 2) before any output exists.
 */
export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const notes: Diagnostic[] = [];
  const sources = await readableSources(paths, options.stdin ?? process.stdin, { ...options, skipped: (entries) => notes.push(skippedNote(entries)) });
  for (const diagnostic of notes) yield { kind: "problem", diagnostic };
  yield* readSources(sources, options);
}

/** Reads inputs already found readable (by readableSources), in order. */
export async function* readSources(sources: readonly InputSource[], options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const stdin = options.stdin ?? process.stdin;
  if (options.progress) options.progress.total(await totalSize(sources));
  for (const source of sources) yield* readSource(source, stdin, options);
}

/** Expands the paths and checks that every input can be read, before anything is: else a GradeevError. */
export async function readableSources(paths: readonly string[], stdin: Readable = process.stdin, options: ResolveOptions = {}): Promise<InputSource[]> {
  const sources = await resolveSources(paths, options);
  await Promise.all(sources.map((source) => checkReadable(source, stdin)));
  return sources;
}

/** The input's size in bytes, or undefined when it cannot be known (standard input, a pipe). */
export async function totalSize(sources: readonly InputSource[]): Promise<number | undefined> {
  let total = 0;
  for (const source of sources) {
    if (source.kind === "stdin") return undefined;
    const info = await stat(source.path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    total += info.size;
  }
  return total;
}

async function checkReadable(source: InputSource, stdin: Readable): Promise<void> {
  if (source.kind === "stdin") {
    // Redirected from a folder (`< dir`), standard input cannot be read at all.
    const fd = (stdin as { fd?: unknown }).fd;
    if (typeof fd === "number" && fstatSync(fd).isDirectory()) throw new GradeevError(ioErrorMessage({ code: "EISDIR" }, source.name));
  }
  if (source.kind === "file")
    await access(source.path, constants.R_OK).catch((err: unknown) => {
      throw new GradeevError(ioErrorMessage(err, source.name));
    });
}

async function* readSource(source: InputSource, stdin: Readable, options: ReadOptions): AsyncGenerator<ReadItem> {
  yield { kind: "file", file: source.name };
  const tally = newTally();
  yield* readWhole(source, stdin, options, tally);
  if (tally.indexes === 0 && !tally.describes) yield { kind: "problem", diagnostic: noEvents(source.name) };
}

/** Reads one whole input: its events, without the file item and the NO_EVENTS warning (see `tally`). */
export async function* readWhole(source: InputSource, stdin: Readable, options: ReadOptions, tally: ReadTally): AsyncGenerator<ReadItem> {
  const bytes = await openBytes(source, stdin, options.progress?.read);
  yield* readBytes(bytes, source.name, options, tally, { whole: true, walked: source.kind === "file" && source.walked === true });
}

/** What reading one file (or one part of it) counted: what a caller joining parts needs. */
export interface ReadTally {
  /** Lines read (every line, blank or not). */
  lines: number;
  /** Event indexes taken: events and unparsable parts. */
  indexes: number;
  /** Whether any Caliper entity describe was read. */
  describes: boolean;
}

export function newTally(): ReadTally {
  return { lines: 0, indexes: 0, describes: false };
}

function describeAfterEvents(file: string, line: number): Diagnostic {
  return {
    code: "DESCRIBE_AFTER_EVENTS",
    severity: fixedSeverity("DESCRIBE_AFTER_EVENTS", "quality"),
    file,
    line,
    message: "an entity described after events, in an envelope read element by element (over 8 MiB, or cut short): the events before it were checked without it, so any reference of theirs to it was not resolved; send describes first",
  };
}

/** What a folder walk left out: said once per folder named, so that nothing is left out in silence. */
export function skippedNote({ folder, hidden, links }: SkippedEntries): Diagnostic {
  const parts = [
    ...(hidden > 0 ? [`${hidden} hidden ${hidden === 1 ? "entry" : "entries"} (names starting with a dot, or links to one)`] : []),
    ...(links > 0 ? [`${links} symbolic ${links === 1 ? "link" : "links"} leading out of the folder (--follow-links follows them)`] : []),
  ];
  return { code: "FOLDER_ENTRIES_SKIPPED", severity: fixedSeverity("FOLDER_ENTRIES_SKIPPED", "quality"), file: folder, line: 1, message: `the folder walk skipped ${parts.join(" and ")}` };
}

export function noEvents(file: string): Diagnostic {
  return { code: "NO_EVENTS", severity: fixedSeverity("NO_EVENTS", "quality"), file, line: 1, message: "the file holds no events" };
}

/**
 * Reads one part of a file planned by openParts: the bytes from `start` up to `end`, both line
 * starts where the reader is always between documents. Lines and event indexes count from the
 * part's start; the caller shifts them by what the parts before held (`tally`). No file item and no
 * NO_EVENTS: those are the whole file's. Reads through `fd`, the file as opened when its parts were
 * planned (left open: its opener closes it).
 */
export async function* readRange(
  file: { name: string; fd: number; walked?: true },
  range: { start: number; end: number },
  options: ReadOptions,
  tally: ReadTally,
): AsyncGenerator<ReadItem> {
  // createReadStream's end is inclusive; an empty range reads nothing.
  const span = { start: range.start, end: Math.max(range.start, range.end - 1) };
  // 128 KiB reads, not 64: in a worker each read call cost a few hundred µs of CPU in profiles (a 4 MiB
  // part, 64 reads: 15-20 % of the worker's time); 256 KiB was faster still but cost 10 MiB of RSS.
  const bytes = createReadStream("", { ...span, fd: file.fd, autoClose: false, highWaterMark: 128 * 1024 });
  if (range.end <= range.start) bytes.destroy();
  const counted = async function* () {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      options.progress?.read(chunk.length);
      yield chunk;
    }
  };
  yield* readBytes(counted(), file.name, options, tally, { whole: range.start === 0, firstByte: range.start, walked: file.walked === true });
}

/**
 * Bytes → lines → parsed units → sourced events. `whole`: the bytes start at the file's start;
 * otherwise they are a part planned by ranges.ts (see SequenceOptions.part). `walked`: the file was
 * found by a folder walk; if it is not JSON from its start, it is no event file, whatever its name
 * says, and none of its text is copied for --rejects (it was never asked for by name).
 */
async function* readBytes(
  bytes: AsyncIterable<Buffer | string> & { destroy?: () => void },
  file: string,
  options: ReadOptions,
  tally: ReadTally,
  { whole, firstByte = 0, walked = false }: { whole: boolean; firstByte?: number; walked?: boolean },
): AsyncGenerator<ReadItem> {
  let first = whole;
  let eventFile = true;
  let streamedEntities = new Map<string, DescribedEntity>();
  // A streamed envelope's events are checked as they come, so only describes before them resolve
  // their references (parsed whole, all do): a describe after an event is warned of, once.
  let streamedEvent = false;
  let describeAfterEvent = false;
  let lastLine = 0;
  // The first element of a streamed envelope's data that says it is Caliper 1.1 or 1.2: all its own
  // checks need of its data (such an envelope must say its dataVersion).
  let newerElement: { "@context": unknown } | undefined;
  const lines = splitLines(bytes, options.maxEventBytes, { sniffUtf16: whole, counter: tally, firstByte });
  const units = parseUnits(lines, file, {
    ...(options.streamAboveBytes !== undefined && { streamAboveBytes: options.streamAboveBytes }),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    part: !whole,
  });
  try {
    for await (const unit of units) {
      if (unit.kind === "document") {
        // A file may hold several streamed envelopes: what one described is not another's.
        streamedEntities = new Map();
        streamedEvent = false;
        describeAfterEvent = false;
        newerElement = undefined;
        continue;
      }
      if (first) {
        first = false;
        // Text that is not JSON, or bytes that are not text, from the first line on.
        eventFile = !(walked && unit.kind === "problem" && (unit.notJson === true || unit.diagnostic.code === "ENCODING"));
      }
      if (unit.kind === "problem") {
        lastLine = unit.diagnostic.line;
        // An unparsable part stands for (at least) one event the reader could not read: it takes an index.
        const diagnostic = { ...unit.diagnostic, index: tally.indexes++ };
        if (!eventFile) yield { kind: "problem", diagnostic };
        else yield { kind: "problem", diagnostic, ...(unit.text !== undefined && { text: unit.text }), ...(unit.bytesBase64 !== undefined && { bytesBase64: unit.bytesBase64 }) };
        continue;
      }
      if (unit.kind === "envelope") {
        // Its own properties, checked as a whole envelope's; its data only as far as those checks
        // look (which Caliper versions its elements say they are).
        if (!isCaliperEnvelope(unit.value)) continue; // a page of data, say, as when parsed whole
        const value = { ...unit.value, data: newerElement ? [newerElement] : [] };
        const at = { file, line: unit.source.lineMap?.[0]?.line ?? unit.source.firstLine, index: -1, pointer: "" };
        yield { kind: "envelope", envelope: new ReadEvent(value, at, unit.source, new Map(), startOf(unit.source.text, 1), undefined) };
        continue;
      }
      const found = unwrap(unit.value, {
        learningLockerKeys: unit.source.text.includes("&46;"),
        ...(unit.envelope && { envelope: { entities: streamedEntities, ...unit.envelope } }),
      });
      const base = unit.pointer ?? "";
      const { text, firstLine } = unit.source;
      const source = surveyed(unit.source, unit.value);
      const singleLine = !text.includes("\n");
      // A one-line unit (NDJSON) needs no positions until a diagnostic asks: then all its events'
      // are found in one walk, in order (one search each from the start would cost the square of a
      // minified envelope's size). A multi-line document is walked once, at once, for every event's line.
      const paths = () => found.map((f) => parsePointer(f.pointer));
      const offsets = singleLine ? undefined : offsetsInOrder(text, paths());
      const lineOffsets = once(() => offsetsInOrder(text, paths()));
      let anchor: Anchor = startOf(text, firstLine);
      for (const [k, f] of found.entries()) {
        if (offsets) anchor = advance(text, anchor, offsets[k] ?? 0);
        const start = offsets ? anchor : (): Anchor => ({ offset: lineOffsets()[k] ?? 0, line: firstLine, lineStart: 0, lineEnd: text.length });
        const at = { file, line: offsets ? lineInFile(unit.source.lineGaps, anchor.line) : firstLine, index: f.describe || f.envelope ? -1 : tally.indexes++, pointer: base + f.pointer };
        const sourced = new ReadEvent(f.value, at, source, f.entities, start, f.dataVersion);
        tally.describes ||= f.describe;
        // In a streamed envelope, an entity described now resolves references in later elements
        // (one described inside an envelope nested in an element serves that envelope alone).
        if (f.describe && unit.envelope && f.pointer === "" && isObject(f.value)) {
          const id = f.value.id ?? f.value["@id"];
          if (typeof id === "string") streamedEntities.set(id, { entity: f.value, pointer: f.pointer, source });
          if (streamedEvent && !describeAfterEvent) {
            describeAfterEvent = true;
            yield { kind: "problem", diagnostic: describeAfterEvents(file, at.line) };
          }
        } else if (unit.envelope && !f.envelope) streamedEvent = true;
        if (unit.envelope && f.pointer === "" && !newerElement && isObject(f.value) && saysCaliper11Or12(f.value)) newerElement = { "@context": f.value["@context"] };
        if (f.envelope) yield { kind: "envelope", envelope: sourced };
        else yield f.describe ? { kind: "describe", describe: sourced } : { kind: "event", event: sourced };
      }
      lastLine = unit.source.firstLine;
    }
  } catch (err) {
    // The diagnostic's line says where; the message names no line, since a part of a file read by a
    // worker does not know its first line's number, and the message must not differ from one thread's.
    // Only the input's own failure is a READ_ERROR: anything else thrown (a RangeError of ours) is a
    // bug, which costs the rest of this file and makes the run exit 3, as a bug on an event does.
    const input = isInputFailure(err);
    const message = input
      ? `reading stopped here: ${readFailure(err)}; the lines before this one were read`
      : `reading stopped here, a bug in gradeev (${err instanceof Error ? err.message : String(err)}); please report it`;
    const code = input ? "READ_ERROR" : "INTERNAL_ERROR";
    // Like an unparsable part, it stands for (at least) one event that could not be read: it takes an index.
    const line = Math.max(lastLine, tally.lines) + 1; // the line the data stopped on
    yield { kind: "problem", diagnostic: { code, severity: fixedSeverity(code, "invalid"), file, line, index: tally.indexes++, message } };
  } finally {
    bytes.destroy?.();
  }
}

function saysCaliper11Or12(value: Record<string, unknown>): boolean {
  const version = caliperVersion(value);
  return version === "1.1" || version === "1.2";
}

/** The unit's text with what one survey of it says for all its events. */
function surveyed(source: SourceText, value: unknown): SourceText {
  const survey = surveyText(source.text, value);
  if (survey.keysMayRepeat && survey.unusualNumbers) return source;
  const facts: SourceText = { text: source.text, firstLine: source.firstLine, ...(source.lineMap && { lineMap: source.lineMap }), ...(source.lineGaps && { lineGaps: source.lineGaps }) };
  if (!survey.keysMayRepeat) facts.keysUnique = true;
  if (!survey.unusualNumbers) facts.numbersPlain = true;
  return facts;
}

/** An event as read. Its anchor in a one-line unit is found only when a diagnostic asks for it. */
class ReadEvent implements SourcedEvent {
  readonly dataVersion?: string;
  private lazy: Anchor | undefined;

  constructor(
    readonly value: unknown,
    readonly at: Provenance,
    readonly source: SourceText,
    readonly entities: SourcedEvent["entities"],
    /** Where the event starts in its unit's text, or how to find that out when asked. */
    private readonly start: Anchor | (() => Anchor),
    dataVersion: string | undefined,
  ) {
    if (dataVersion !== undefined) this.dataVersion = dataVersion;
  }

  get anchor(): Anchor {
    return typeof this.start === "function" ? (this.lazy ??= this.start()) : this.start;
  }
}

/** `make`'s result, made on the first call only. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** An error of the input itself: the operating system's (an errno name: EIO, EISDIR, …) or gzip data's (Z_…). */
function isInputFailure(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
  return typeof code === "string" && (/^E[A-Z0-9]+$/.test(code) || code.startsWith("Z_"));
}

function readFailure(err: unknown): string {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  if (code === "Z_BUF_ERROR") return "the gzip data ends early, so the file looks truncated";
  if (code.startsWith("Z_")) return `the gzip data is corrupt (${err instanceof Error ? err.message : code})`;
  return err instanceof Error ? err.message : String(err);
}
