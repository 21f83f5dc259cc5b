/**
 * Inputs read into items: the reader's parsed units (src/read/, which knows no standard) handed to
 * the standards' event finder (src/standards/events.ts). The one way every run reads.
 */
import type { Readable } from "node:stream";
import { fixedSeverity, worded, type Diagnostic } from "../diagnostics.js";
import type { ParsedUnit } from "../read/documents.js";
import {
  readableSources,
  readRange,
  readWhole,
  skippedNote,
  totalSize,
  type ReadOptions,
  type ReadTally,
} from "../read/read-inputs.js";
import type { ByteRange } from "../read/ranges.js";
import type { InputSource } from "../read/sources.js";
import { STREAMED_ARRAYS } from "../standards/containers.js";
import { EventFinder, type EventTally, type ReadItem } from "../standards/events.js";

/** What reading one file (or one part of it) counted: its lines, its events' indexes, its describes. */
export type TaskTally = ReadTally & EventTally;

export function newTally(): TaskTally {
  return { lines: 0, indexes: 0, describes: false };
}

export type TaskInput =
  | { kind: "whole"; source: InputSource }
  /** Bytes `range` of a file, read through `fd` (the file as opened when its parts were planned; left open). */
  | { kind: "part"; file: string; fd: number; range: ByteRange; walked?: true };

/** A task's items, an array at a time (a chunk's worth of input), counted in `tally`. */
export async function* readItems(
  task: TaskInput,
  given: ReadOptions,
  tally: TaskTally,
  stdin: Readable,
): AsyncGenerator<ReadItem[]> {
  const options: ReadOptions = { containerArrays: STREAMED_ARRAYS, ...given };
  const units =
    task.kind === "part"
      ? readRange({ name: task.file, fd: task.fd, ...(task.walked && { walked: true }) }, task.range, options, tally)
      : readWhole(task.source, stdin, options, tally);
  yield* itemsOf(units, new EventFinder(task.kind === "part" ? task.file : task.source.name, tally));
}

async function* itemsOf(units: AsyncIterable<ParsedUnit[]>, finder: EventFinder): AsyncGenerator<ReadItem[]> {
  for await (const batch of units) {
    const out: ReadItem[] = [];
    for (const unit of batch) finder.add(unit, out);
    if (out.length > 0) yield out;
  }
}

/** What a whole file's reading (all its parts', added up) says at its end: NO_EVENTS when it held none. */
export function endOfFile(file: string, tally: EventTally): Diagnostic | undefined {
  if (tally.indexes > 0 || tally.describes) return undefined;
  return {
    code: "NO_EVENTS",
    severity: fixedSeverity("NO_EVENTS", "quality"),
    file,
    line: 1,
    ...worded("NO_EVENTS.none"),
  };
}

/**
 * Reads files, folders and standard input into a stream of events with their provenance, one item
 * at a time: the library's view of what a run reads. Every path is checked before the first event
 * is handed on: a missing or unreadable path throws a GradeevError (exit 2) before any output exists.
 */
export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const notes: Diagnostic[] = [];
  const stdin = options.stdin ?? process.stdin;
  const sources = await readableSources(paths, stdin, {
    ...options,
    skipped: (entries) => notes.push(skippedNote(entries)),
  });
  for (const diagnostic of notes) yield { kind: "unreadable", diagnostic };
  if (options.progress) options.progress.total(await totalSize(sources));
  for (const source of sources) {
    yield { kind: "file", file: source.name };
    const tally = newTally();
    for await (const items of readItems({ kind: "whole", source }, options, tally, stdin)) yield* items;
    const end = endOfFile(source.name, tally);
    if (end) yield { kind: "unreadable", diagnostic: end };
  }
}
