import { fstatSync } from "node:fs";
import { access, constants, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { fixedSeverity, worded, type Diagnostic, type Worded } from "../diagnostics.js";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { openBytes, READ_AHEAD } from "./bytes.js";
import { fdReader, fileChunks } from "./file-chunks.js";
import { parseUnits, type ParsedUnit } from "./documents.js";
import { splitLines, type Line } from "./lines.js";
import { resolveSources, type InputSource, type ResolveOptions, type SkippedEntries } from "./sources.js";

export interface ReadOptions {
  /** Standard input, read for the path "-". */
  stdin?: Readable;
  /** The longest line (NDJSON event) read; longer ones are skipped with EVENT_TOO_LARGE. */
  maxEventBytes?: number;
  /** Folder walks follow symbolic links that lead out of the folder named (--follow-links). */
  followLinks?: boolean;
  /** Standard input's name in diagnostics and rejects ("<stdin>" by default). */
  stdinName?: string;
  /**
   * Standard input is a part of a file that starts past its first line (--first-line, --first-byte),
   * at this byte of it: read as a planned part is (no byte-order mark or UTF-16 looked for at its
   * first byte, which is no file's start), byte offsets in messages the file's.
   */
  stdinPart?: { firstByte: number };
  /** Documents larger than this are streamed element by element (8 MiB by default). */
  streamAboveBytes?: number;
  /** The keys of the arrays a large object is streamed by, element by element (the standards' containers). */
  containerArrays?: readonly string[];
  /** Hears the input's size when known (the files' total; standard input has none), then every chunk read. */
  progress?: { total(bytes: number | undefined): void; read(bytes: number): void };
  /** Hears every chunk of text read, after any gunzipping: what the events read hold, where `progress` hears file bytes. */
  textRead?: (bytes: number) => void;
}

/** Expands the paths and checks that every input can be read, before anything is: else a GradeevError. */
export async function readableSources(
  paths: readonly string[],
  stdin: Readable = process.stdin,
  options: ResolveOptions = {},
): Promise<InputSource[]> {
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
    if (typeof fd === "number" && fstatSync(fd).isDirectory())
      throw new GradeevError(ioErrorMessage({ code: "EISDIR" }, source.name));
  }
  if (source.kind === "file")
    await access(source.path, constants.R_OK).catch((err: unknown) => {
      throw new GradeevError(ioErrorMessage(err, source.name));
    });
}

/** Reads one whole input into parsed units, an array at a time (lines counted in `tally`). */
export async function* readWhole(
  source: InputSource,
  stdin: Readable,
  options: ReadOptions,
  tally: ReadTally,
): AsyncGenerator<ParsedUnit[]> {
  const bytes = await openBytes(source, stdin, options.progress?.read);
  const part = source.kind === "stdin" ? options.stdinPart : undefined;
  yield* readBytes(bytes, source.name, options, tally, {
    whole: part === undefined,
    firstByte: part?.firstByte ?? 0,
    walked: source.kind === "file" && source.walked === true,
  });
}

/** What reading one file (or one part of it) counted: what a caller joining parts needs. */
export interface ReadTally {
  /** Lines read (every line, blank or not). */
  lines: number;
}

/** What a folder walk left out: said once per folder named, so that nothing is left out in silence. */
export function skippedNote({ folder, hidden, links }: SkippedEntries): Diagnostic {
  return {
    code: "FOLDER_ENTRIES_SKIPPED",
    severity: fixedSeverity("FOLDER_ENTRIES_SKIPPED", "quality"),
    file: folder,
    line: 1,
    ...skippedWorded(hidden, links),
  };
}

/** What FOLDER_ENTRIES_SKIPPED says, by which kinds of entries were skipped and whether one or more. */
function skippedWorded(hidden: number, links: number): Worded {
  if (links === 0)
    return hidden === 1
      ? worded("FOLDER_ENTRIES_SKIPPED.hiddenOne")
      : worded("FOLDER_ENTRIES_SKIPPED.hidden", { hidden });
  if (hidden === 0)
    return links === 1 ? worded("FOLDER_ENTRIES_SKIPPED.linksOne") : worded("FOLDER_ENTRIES_SKIPPED.links", { links });
  if (hidden === 1)
    return links === 1
      ? worded("FOLDER_ENTRIES_SKIPPED.bothOne")
      : worded("FOLDER_ENTRIES_SKIPPED.bothHiddenOne", { links });
  return links === 1
    ? worded("FOLDER_ENTRIES_SKIPPED.bothLinksOne", { hidden })
    : worded("FOLDER_ENTRIES_SKIPPED.both", { hidden, links });
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
): AsyncGenerator<ParsedUnit[]> {
  const bytes = fileChunks(fdReader(file.fd), READ_AHEAD, range);
  const counted = async function* () {
    for await (const chunk of bytes) {
      options.progress?.read(chunk.length);
      yield chunk;
    }
  };
  yield* readBytes(counted(), file.name, options, tally, {
    whole: range.start === 0,
    firstByte: range.start,
    walked: file.walked === true,
  });
}

/**
 * Reading stops at a part's first line, which starts no document: a READ_ERROR (the input cannot be
 * read as the whole file reads it), exit 2 under --exit-zero as every READ_ERROR is.
 */
class PartStartError extends Error {
  readonly code = "EPARTSTART";
  /** The part's line it stopped on (the lines after it were split, not read). */
  constructor(readonly line: number) {
    super(
      "the part's first line does not start a JSON value ({ or [), so the part may start inside a document spread over lines or inside lines a whole run skips after invalid UTF-8: start parts at a line that starts a document",
    );
  }
}

/**
 * A part through standard input, planned by someone else, must start where a document can: its first
 * line that is not blank must start a JSON value (`{` or `[`, after a byte-order mark if any), or be
 * a line too long to read (an event on its own). A part that starts on a line of a document spread
 * over lines, or on a line the whole run skips after invalid UTF-8, would read as no whole run does:
 * it is refused: READ_ERROR, nothing of it read (exit 2 with --exit-zero). A line `{` or `[` inside a document cannot be told from a start: see
 * docs/beyond-one-machine.md, "Where a part starts".
 */
async function* startingADocument(lines: AsyncIterable<Line[]>, tally: ReadTally): AsyncGenerator<Line[]> {
  let checked = false;
  for await (const batch of lines) {
    if (!checked)
      for (const [k, line] of batch.entries()) {
        if (typeof line !== "string" && line.kind === "too-long") {
          checked = true;
          break;
        }
        // Invalid UTF-8 is looked at as bytes: a document may start on the line, or the line may be
        // one of those a whole run skips after invalid UTF-8 up to the next document.
        const text =
          typeof line === "string"
            ? line.replace(/^\ufeff/, "").trimStart()
            : (line.bytes ?? Buffer.alloc(0))
                .toString("latin1")
                .replace(/^\xef\xbb\xbf/, "")
                .replace(/^[ \t\r]+/, "");
        if (text === "") continue;
        if (text[0] !== "{" && text[0] !== "[") throw new PartStartError(tally.lines - batch.length + k + 1);
        checked = true;
        break;
      }
    yield batch;
  }
}

/**
 * Bytes → lines → parsed units. `whole`: the bytes start at the file's start;
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
): AsyncGenerator<ParsedUnit[]> {
  let first = whole;
  let eventFile = true;
  let lastLine = 0;
  const split = splitLines(bytes, options.maxEventBytes, {
    sniffUtf16: whole,
    counter: tally,
    firstByte,
    textRead: options.textRead,
  });
  const lines = !whole && options.stdinPart !== undefined ? startingADocument(split, tally) : split;
  const units = parseUnits(lines, file, {
    ...(options.streamAboveBytes !== undefined && { streamAboveBytes: options.streamAboveBytes }),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    ...(options.containerArrays && { containerArrays: options.containerArrays }),
    part: !whole,
  });
  try {
    for await (const batch of units) {
      for (let k = 0; k < batch.length; k++) {
        const unit = batch[k]!;
        if (unit.kind === "document") continue;
        if (first) {
          first = false;
          // Text that is not JSON, or bytes that are not text, from the first line on.
          eventFile = !(
            walked &&
            unit.kind === "unreadable" &&
            (unit.notJson === true || unit.diagnostic.code === "ENCODING")
          );
        }
        if (unit.kind === "unreadable") {
          lastLine = unit.diagnostic.line;
          if (!eventFile) batch[k] = { kind: "unreadable", diagnostic: unit.diagnostic };
        } else if (unit.kind === "value") lastLine = unit.source.firstLine;
      }
      yield batch;
    }
  } catch (err) {
    // The diagnostic's line says where; the message names no line, since a part of a file read by a
    // worker does not know its first line's number, and the message must not differ from one thread's.
    // Only the input's own failure is a READ_ERROR: anything else thrown (a RangeError of ours) is a
    // bug, which costs the rest of this file and makes the run exit 3, as a bug on an event does.
    const input = isInputFailure(err);
    const said = input ? readFailure(err) : worded("INTERNAL_ERROR.reading", { reason: errorText(err) });
    const code = input ? "READ_ERROR" : "INTERNAL_ERROR";
    // Like an unparsable part, it stands for (at least) one event that could not be read: it takes an
    // index, which the events' finder gives (it counts them); the key stands here, before the
    // message, where reports have always put it.
    const line = err instanceof PartStartError ? err.line : Math.max(lastLine, tally.lines) + 1; // the line the data stopped on
    yield [
      {
        kind: "unreadable",
        diagnostic: { code, severity: fixedSeverity(code, "invalid"), file, line, index: 0, ...said },
      },
    ];
  } finally {
    bytes.destroy?.();
  }
}

/** An error of the input itself: the operating system's (an errno name: EIO, EISDIR, …) or gzip data's (Z_…). */
function isInputFailure(err: unknown): boolean {
  const code = typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
  return typeof code === "string" && (/^E[A-Z0-9]+$/.test(code) || code.startsWith("Z_"));
}

/** What READ_ERROR says of the input's failure. */
function readFailure(err: unknown): Worded {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  if (code === "Z_BUF_ERROR") return worded("READ_ERROR.gzipTruncated");
  if (code.startsWith("Z_"))
    return worded("READ_ERROR.gzipCorrupt", { detail: err instanceof Error ? err.message : code });
  return worded("READ_ERROR.stopped", { reason: errorText(err) });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
