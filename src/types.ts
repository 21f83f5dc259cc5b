import type { Anchor } from "./core/json-scan.js";
import type { Diagnostic } from "./diagnostics.js";

/** A JSON number exactly as it was written in the event ("39.45205", "0.0", "12345678901234567890"). */
export type Decimal = string;

/** The flat grade record: one per valid grade event, the same fields in CSV, JSON and NDJSON. */
export interface GradeRecord {
  course: string | null;
  user: string | null;
  score: Decimal | null;
  score_max: Decimal | null;
  score_min: Decimal | null;
  /** (score − min) / (max − min) × 100, computed by gradeev (min 0 when absent), only when max > min. */
  score_percent: Decimal | null;
  /** xAPI `result.score.scaled` exactly as given: producers disagree about what it means. */
  score_scaled: Decimal | null;
  /** Passed or failed, when the event says. */
  success: boolean | null;
  /** A grade that is not a number (a letter, "Pass"), when the event carries one. */
  grade_text: string | null;
  item: string | null;
  /** The grade of the whole course rather than one item's (not an official final grade: no producer marks one). */
  is_final: boolean | null;
  event_time: string | null;
  action: string | null;
  actor: string | null;
  actor_ref: string | null;
  course_ref: string | null;
  user_ref: string | null;
  item_ref: string | null;
  grade_version: Decimal | null;
  source: "caliper" | "xapi";
  profile: string;
  event_id: string | null;
}

export type RecordColumn = keyof GradeRecord;

/** How each column is typed on output; the order here is the CSV column order. */
export const recordColumns = {
  course: "text",
  user: "text",
  score: "number",
  score_max: "number",
  score_min: "number",
  score_percent: "number",
  score_scaled: "number",
  success: "boolean",
  grade_text: "text",
  item: "text",
  is_final: "boolean",
  event_time: "text",
  action: "text",
  actor: "text",
  actor_ref: "text",
  course_ref: "text",
  user_ref: "text",
  item_ref: "text",
  grade_version: "number",
  source: "text",
  profile: "text",
  event_id: "text",
} as const satisfies Record<RecordColumn, "text" | "number" | "boolean">;

export const RECORD_COLUMNS = Object.keys(recordColumns) as RecordColumn[];

/** Where an event came from. Lines and indexes are those of the file as read (after gunzip). */
export interface Provenance {
  /** The path as given on the command line (or found in a folder); "<stdin>" for standard input, or the name --stdin-name gives it. */
  file: string;
  /** 1-based line on which the event starts. */
  line: number;
  /** 0-based position of the event among all events of its file; -1 for an entity describe. */
  index: number;
  /** JSON Pointer of the event inside its JSON document (a file, or one NDJSON line); "" for the whole document. */
  pointer: string;
}

/** The text one event was parsed from, kept so that a diagnostic can name the exact line and column. */
/** After line `line` of a text (numbered from its firstLine), `skipped` lines in all so far were left out. */
export interface LineGap {
  line: number;
  skipped: number;
}

export interface SourceText {
  text: string;
  /** The line number of the first line of `text` in its file. */
  firstLine: number;
  /**
   * For a text gradeev put together (a streamed envelope's own properties), or one that starts
   * part-way along its first line (a document after another on that line): for each of its lines,
   * from the first, the file's line it stands for and how many columns further right it starts
   * there. Without it, and past its end, the lines follow on from `firstLine`, each from column 1.
   */
  lineMap?: readonly { line: number; shift: number }[];
  /**
   * Runs of blank lines left out of `text` (a streamed document's header: a long run is counted,
   * not held), in order. Lines after a gap's `line` stand `skipped` lines further down in the file.
   */
  lineGaps?: readonly LineGap[];
  /** Set when the text is known to hold no line break (an NDJSON line): nobody need look for one. */
  oneLine?: true;
  /** Set when a count over the whole text shows that no object in it repeats a key: no event in it needs the scan. */
  keysUnique?: true;
  /** Set when one pass over the whole text found no number that String() would write otherwise: no score's digits need reading from it. */
  numbersPlain?: true;
}

/** An entity described beside events: its pointer is in `source` when given (an earlier element of a streamed envelope), else in the event's own source. */
export interface DescribedEntity {
  entity: Record<string, unknown>;
  pointer: string;
  source?: SourceText;
}

export interface SourcedEvent {
  value: unknown;
  /** Entities described beside the event in its Caliper envelope, by id, with where they sit. */
  entities: ReadonlyMap<string, DescribedEntity>;
  /** The `dataVersion` of the event's Caliper envelope. */
  dataVersion?: string;
  at: Provenance;
  source: SourceText;
  /** Where the event's JSON value starts in `source.text`, with its line: the base for locating inside it. */
  anchor: Anchor;
}

/** The object whose array an element was streamed from: the array's key, and the object's string properties read before it. */
export interface StreamedContainer {
  key: string;
  strings: Readonly<Record<string, string>>;
}

/** A JSON value parsed from a file, or why a part of the file could not be parsed. */
export type ParsedUnit =
  /**
   * A parsed JSON value and the text it came from. `pointer` places a streamed element in its
   * document; `container` says which array of which object it was streamed from.
   */
  | { kind: "value"; value: unknown; source: SourceText; pointer?: string; container?: StreamedContainer }
  /** A streamed object's own properties, read to its end (see StreamedUnit). */
  | { kind: "container"; key: string; value: Record<string, unknown>; source: SourceText }
  /**
   * `notJson`: text not JSON from where it starts (see notJson), not a broken document. `bytesBase64`:
   * a line that is not UTF-8, as its bytes (a JSON string cannot hold them unchanged).
   */
  | { kind: "unreadable"; diagnostic: Diagnostic; text?: string; bytesBase64?: string; notJson?: true }
  /** Elements of a new document are streamed next: what earlier ones described does not serve them. */
  | { kind: "document" };
