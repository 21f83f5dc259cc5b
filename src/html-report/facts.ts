/**
 * What the HTML report shows, gathered in one pass as batches stream by, in memory bounded by the
 * number of files, profiles, rule codes, days, courses and items, never by the number of events:
 * scores go into fixed bins, learners and items into distinct counts (distinct.ts).
 */
import type { Batch } from "../run/batch.js";
import { instantOf, type Instant } from "../core/instant.js";
import type { GradeRecord, RecordColumn } from "../types.js";
import { DistinctCount, hash32 } from "./distinct.js";

/** Events by verdict. */
export interface Verdicts {
  valid: number;
  invalid: number;
  unrecognised: number;
}

/** Score bins by percentage: 0 to 100 by 1 (100 itself in the last), then above 100, below 0, missing. */
export const PERCENT_BINS = 104;
export const ABOVE_100 = 101;
export const BELOW_0 = 102;
export const MISSING = 103;
/**
 * An item's bins, coarser: ten of 10 % (100 in the last), then above 100, below 0, missing. The page
 * shows items in these only, and a course's items are followed by the thousand: 13 counts an item
 * hold an eighth of 104.
 */
export const ITEM_BINS = 13;

export interface CourseFacts {
  records: number;
  learners: DistinctCount;
  items: DistinctCount;
  /** Records by percentage bin (PERCENT_BINS). */
  bins: Uint32Array;
  /** Records by item and coarse bin (ITEM_BINS), for the first MAX_ITEMS items met (MAX_ITEMS_IN_ALL in all courses); the rest in `otherItems`. */
  byItem: Map<string, Uint32Array>;
  otherItems: number;
}

export interface CodeFacts {
  count: number;
  /** Where the first few were found: file:line. */
  examples: string[];
}

/**
 * The columns the report reads from a record. A run sends them as rows of NDJSON (the output stage,
 * `FACT_COLUMNS`), not as record objects: rows cross from a worker as bytes moved, where objects are
 * cloned, and a run of objects held some 20 MiB more at its peak.
 */
export const FACT_COLUMNS = [
  "course",
  "user",
  "item",
  "score_percent",
  "event_time",
  "profile",
] as const satisfies readonly RecordColumn[];
/** A record's facts: a row of FACT_COLUMNS parsed (score_percent a JSON number), or a record. */
export type FactRecord = Pick<GradeRecord, "course" | "user" | "item" | "event_time" | "profile"> & {
  score_percent: string | number | null;
};

/** Items followed one by one in a course: past these, a course's records are binned as "other items". */
export const MAX_ITEMS = 200;
/** Items followed one by one in all courses together: MAX_COURSES courses of MAX_ITEMS items would be 400 000 bins. */
export const MAX_ITEMS_IN_ALL = 20_000;
/** Courses followed one by one: past these, records are counted as "other courses" (an export of a million one-record courses would hold a million). */
export const MAX_COURSES = 2000;
/** Characters of a name (file, profile, course, item) held and shown: past these, its start and a hash of the whole. */
export const MAX_NAME = 1000;
/** Days counted one by one: past these (decades of nightly exports), events are counted as out of range. */
export const MAX_DAYS = 20_000;
const EXAMPLES = 3;
const NO_ITEM = "(no item)";
const NO_COURSE = "(no course)";

export class ReportFacts {
  readonly files = new Map<string, Verdicts>();
  readonly profiles = new Map<string, Verdicts>();
  readonly codes = new Map<string, CodeFacts>();
  readonly days = new Map<string, number>();
  readonly courses = new Map<string, CourseFacts>();
  /** Valid events whose event time is missing or not a time, and those past MAX_DAYS. */
  undated = 0;
  daysOverflow = 0;
  /** Records of courses past the first MAX_COURSES met. */
  otherCourses = 0;
  /** Items followed one by one, in all courses. */
  private itemsHeld = 0;
  private file: string | undefined;
  private lastInvalid = "";

  add(batch: Batch): void {
    if (batch.file !== undefined) {
      this.file = shortName(batch.file);
      if (!this.files.has(this.file)) this.files.set(this.file, verdicts());
    }
    if (this.file !== undefined) {
      const file = this.files.get(this.file)!;
      file.valid += batch.counts.valid;
      file.invalid += batch.counts.invalid;
      file.unrecognised += batch.counts.unrecognised;
    }
    for (const d of batch.diagnostics) {
      let code = this.codes.get(d.code);
      if (code === undefined) this.codes.set(d.code, (code = { count: 0, examples: [] }));
      code.count++;
      if (code.examples.length < EXAMPLES) code.examples.push(`${d.file}:${d.line}`);
      // An invalid event of a known profile: counted once, however many errors it has.
      if (d.severity === "error" && d.profile !== undefined && d.index !== undefined) {
        const event = `${d.file}\u0000${d.index}`;
        if (event !== this.lastInvalid) this.verdictsOf(shortName(d.profile)).invalid++;
        this.lastInvalid = event;
      }
    }
    for (const record of batch.records) this.addRecord(record);
    if (batch.rows !== undefined && batch.rowCount > 0) {
      const text = typeof batch.rows === "string" ? batch.rows : utf8.decode(batch.rows);
      batch.release?.(); // read: the worker may format into its memory again
      // Row by row, not split whole: a batch of 64 rows of 100 KB ids would be held three times over.
      for (let start = 0; start < text.length;) {
        const end = text.indexOf("\n", start);
        const stop = end === -1 ? text.length : end;
        this.addRecord(JSON.parse(text.slice(start, stop)) as FactRecord);
        start = stop + 1;
      }
    }
  }

  private verdictsOf(profile: string): Verdicts {
    let counts = this.profiles.get(profile);
    if (counts === undefined) this.profiles.set(profile, (counts = verdicts()));
    return counts;
  }

  private addRecord(record: FactRecord): void {
    this.verdictsOf(shortName(record.profile)).valid++;
    const day = dayOf(record.event_time);
    if (day === undefined) this.undated++;
    else if (this.days.has(day) || this.days.size < MAX_DAYS) this.days.set(day, (this.days.get(day) ?? 0) + 1);
    else this.daysOverflow++;
    const name = shortName(record.course ?? NO_COURSE);
    let course = this.courses.get(name);
    if (course === undefined) {
      if (this.courses.size >= MAX_COURSES) {
        this.otherCourses++;
        return;
      }
      this.courses.set(
        name,
        (course = {
          records: 0,
          learners: new DistinctCount(),
          items: new DistinctCount(),
          bins: new Uint32Array(PERCENT_BINS),
          byItem: new Map(),
          otherItems: 0,
        }),
      );
    }
    course.records++;
    if (record.user !== null) course.learners.add(record.user);
    course.items.add(record.item ?? NO_ITEM);
    const item = shortName(record.item ?? NO_ITEM);
    const bin = percentBin(record.score_percent);
    course.bins[bin]!++;
    let itemBins = course.byItem.get(item);
    if (itemBins === undefined && course.byItem.size < MAX_ITEMS && this.itemsHeld < MAX_ITEMS_IN_ALL) {
      course.byItem.set(item, (itemBins = new Uint32Array(ITEM_BINS)));
      this.itemsHeld++;
    }
    if (itemBins === undefined) course.otherItems++;
    else itemBins[itemBin(bin)]!++;
  }
}

const utf8 = new TextDecoder();

function verdicts(): Verdicts {
  return { valid: 0, invalid: 0, unrecognised: 0 };
}

/**
 * A name as held and shown: whole up to MAX_NAME characters, else its start and a hash of the
 * whole, so that a 100 KB id costs a kilobyte and two long ids that share their start stay two.
 */
export function shortName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  // Not cut inside a surrogate pair; and copied, since V8's slice keeps the whole string alive.
  const cut = /[\ud800-\udbff]/.test(name[MAX_NAME - 1]!) ? MAX_NAME - 1 : MAX_NAME;
  const start = Buffer.from(name.slice(0, cut), "utf16le").toString("utf16le");
  return `${start}… (${name.length} characters, #${hash32(name).toString(16).padStart(8, "0")})`;
}

/**
 * A time in UTC (`Z`) whose time of day cannot move it to another day (a leap second, `:60`, stays
 * in its minute): its day is that of its date, worked out once per date (`dayOfDate`). Date.parse
 * and a Date per event were a quarter of the main thread's time on a GiB, and their garbage what it
 * held most.
 */
const UTC_TIME =
  /^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d{1,9})?Z$/;
/**
 * A date and time of day whose fields are in range, in any form instantOf reads: it reads any two
 * digits, and would roll month 13 over into the next year. A day past the month's end (02-30) rolls
 * over, as Date.parse had it.
 */
const IN_RANGE =
  /^\d{4}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])[Tt ](?:(?:[01]\d|2[0-3])(?::?[0-5]\d(?::?(?:[0-5]\d|60))?)?|24(?::?00(?::?00(?:[.,]0+)?)?)?)(?![\d:])/;
/** Dates seen, with their day (2023-02-29 is the next day): cleared past DATES_HELD. */
const dayOfDate = new Map<string, string | undefined>();
const DATES_HELD = 4096;

/**
 * The UTC day of an event time, read as gradeev reads times everywhere else (instantOf: RFC 3339, the
 * ISO 8601 forms xAPI 1.0.3 accepts, no zone as UTC, whatever the machine's), or undefined; also for a
 * year past 9999 or before 0, which no day string of 10 characters holds.
 */
export function dayOf(time: string | null): string | undefined {
  if (time === null) return undefined;
  const date = UTC_TIME.exec(time)?.[1];
  if (date === undefined) return IN_RANGE.test(time) ? dayOfInstant(instantOf(time)) : undefined;
  let day = dayOfDate.get(date);
  if (day === undefined && !dayOfDate.has(date)) {
    if (dayOfDate.size >= DATES_HELD) dayOfDate.clear();
    dayOfDate.set(date, (day = dayOfInstant(instantOf(`${date}T00:00:00Z`))));
  }
  return day;
}

function dayOfInstant(instant: Instant | null): string | undefined {
  if (instant === null) return undefined;
  const iso = new Date(Math.floor(instant.minute / 1440) * 86_400_000).toISOString();
  return /^\d{4}-/.test(iso) ? iso.slice(0, 10) : undefined;
}

/** The bin of a record's score_percent (a decimal string, or null). */
export function percentBin(percent: string | number | null): number {
  if (percent === null) return MISSING;
  const value = Number(percent);
  if (!Number.isFinite(value)) return MISSING;
  if (value > 100) return ABOVE_100;
  if (value < 0) return BELOW_0;
  return Math.min(100, Math.floor(value));
}

/** The coarse bin (ITEM_BINS) of a percentage bin. */
export function itemBin(bin: number): number {
  return bin <= 100 ? Math.min(9, Math.floor(bin / 10)) : bin - ABOVE_100 + 10;
}

/** The median percentage of binned scores, to the bin (the lower bound of the bin it falls in), or undefined when none is known. */
export function medianBin(bins: Uint32Array): number | undefined {
  const order = [BELOW_0, ...Array.from({ length: 101 }, (_, i) => i), ABOVE_100];
  const known = order.reduce((sum, bin) => sum + bins[bin]!, 0);
  if (known === 0) return undefined;
  let seen = 0;
  for (const bin of order) {
    seen += bins[bin]!;
    if (seen * 2 >= known) return bin;
  }
  return undefined;
}
