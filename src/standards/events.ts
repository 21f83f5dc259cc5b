/**
 * What the standards make of the values the reader parsed: events, Caliper entity describes and
 * envelopes, each with its provenance, out of the containers exports come in (containers.ts). The
 * reader knows no standard; this is where its units meet them.
 */
import { advance, offsetsInOrder, startOf, type Anchor } from "../core/json-scan.js";
import { isObject, parsePointer } from "../core/json.js";
import { lineInFile } from "../core/line-gaps.js";
import { surveyText } from "../core/text-survey.js";
import { fixedSeverity, worded, type Diagnostic } from "../diagnostics.js";
import type { ParsedUnit } from "../types.js";
import type { DescribedEntity, Provenance, SourcedEvent, SourceText } from "../types.js";
import { caliperVersion } from "./caliper-vocabulary.js";
import { envelopeOf, isCaliperEnvelope, unwrap, type FoundEvent } from "./containers.js";

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
  | { kind: "unreadable"; diagnostic: Diagnostic; text?: string; bytesBase64?: string };

/** What the events of one file (or one part of it) counted: what a caller joining parts needs. */
export interface EventTally {
  /** Event indexes taken: events and unparsable parts. */
  indexes: number;
  /** Whether any Caliper entity describe was read. */
  describes: boolean;
}

/**
 * Finds the events in one file's units, in order. Holds what a streamed Caliper envelope's elements
 * share: the entities described so far, and whether events came before a describe.
 */
export class EventFinder {
  private streamedEntities = new Map<string, DescribedEntity>();
  // A streamed envelope's events are checked as they come, so only describes before them resolve
  // their references (parsed whole, all do): a describe after an event is warned of, once.
  private streamedEvent = false;
  private describeAfterEvent = false;
  // The first element of a streamed envelope's data that says it is Caliper 1.1 or 1.2: all its own
  // checks need of its data (such an envelope must say its dataVersion).
  private newerElement: { "@context": unknown } | undefined;

  constructor(
    private readonly file: string,
    private readonly tally: EventTally,
  ) {}

  /** The items of `unit`, handed to `out` in order. */
  add(unit: ParsedUnit, out: ReadItem[]): void {
    const { file, tally } = this;
    if (unit.kind === "document") {
      // A file may hold several streamed envelopes: what one described is not another's.
      this.streamedEntities = new Map();
      this.streamedEvent = false;
      this.describeAfterEvent = false;
      this.newerElement = undefined;
      return;
    }
    if (unit.kind === "unreadable") {
      // An unparsable part stands for (at least) one event that could not be read: it takes an index.
      const diagnostic = { ...unit.diagnostic, index: tally.indexes++ };
      out.push({
        kind: "unreadable",
        diagnostic,
        ...(unit.text !== undefined && { text: unit.text }),
        ...(unit.bytesBase64 !== undefined && { bytesBase64: unit.bytesBase64 }),
      });
      return;
    }
    if (unit.kind === "container") {
      // Its own properties, checked as a whole envelope's; its data only as far as those checks
      // look (which Caliper versions its elements say they are).
      if (!isCaliperEnvelope(unit.value)) return; // a page of data, say, as when parsed whole
      const value = { ...unit.value, data: this.newerElement ? [this.newerElement] : [] };
      const at = { file, line: unit.source.lineMap?.[0]?.line ?? unit.source.firstLine, index: -1, pointer: "" };
      out.push({
        kind: "envelope",
        envelope: new ReadEvent(value, at, unit.source, new Map(), startOf(unit.source.text, 1), 0, undefined),
      });
      return;
    }
    const envelope = unit.container && envelopeOf(unit.container);
    let escapedKeys: boolean | undefined;
    const found = unwrap(unit.value, {
      learningLockerKeys: () => (escapedKeys ??= unit.source.text.includes("&46;")),
      ...(envelope && { envelope: { entities: this.streamedEntities, ...envelope } }),
    });
    const base = unit.pointer ?? "";
    const { text, firstLine } = unit.source;
    const source = surveyed(unit.source, unit.value);
    // A one-line unit (NDJSON) needs no positions until a diagnostic asks: then all its events'
    // are found in one walk, in order (one search each from the start would cost the square of a
    // minified envelope's size). A multi-line document is walked once, at once, for every event's line.
    const singleLine = unit.source.oneLine === true || !text.includes("\n");
    const lineStarts = singleLine ? new LineStarts(text, found, firstLine, source.keysUnique === true) : undefined;
    const offsets = singleLine ? undefined : offsetsInOrder(text, pathsOf(found), source.keysUnique === true);
    let anchor: Anchor | undefined = offsets && startOf(text, firstLine);
    for (let k = 0; k < found.length; k++) {
      const f = found[k]!;
      if (anchor) anchor = advance(text, anchor, offsets![k] ?? 0);
      const at = {
        file,
        line: anchor ? lineInFile(unit.source.lineGaps, anchor.line) : firstLine,
        index: f.describe || f.envelope ? -1 : tally.indexes++,
        pointer: base + f.pointer,
      };
      const sourced = new ReadEvent(f.value, at, source, f.entities, anchor ?? lineStarts!, k, f.dataVersion);
      tally.describes ||= f.describe;
      // In a streamed envelope, an entity described now resolves references in later elements
      // (one described inside an envelope nested in an element serves that envelope alone).
      if (f.describe && envelope && f.pointer === "" && isObject(f.value)) {
        const id = f.value.id ?? f.value["@id"];
        if (typeof id === "string") this.streamedEntities.set(id, { entity: f.value, pointer: f.pointer, source });
        if (this.streamedEvent && !this.describeAfterEvent) {
          this.describeAfterEvent = true;
          out.push({ kind: "unreadable", diagnostic: describeAfterEvents(file, at.line) });
        }
      } else if (envelope && !f.envelope) this.streamedEvent = true;
      if (envelope && f.pointer === "" && !this.newerElement && isObject(f.value) && saysCaliper11Or12(f.value))
        this.newerElement = { "@context": f.value["@context"] };
      if (f.envelope) out.push({ kind: "envelope", envelope: sourced });
      else out.push(f.describe ? { kind: "describe", describe: sourced } : { kind: "event", event: sourced });
    }
  }
}

function describeAfterEvents(file: string, line: number): Diagnostic {
  return {
    code: "DESCRIBE_AFTER_EVENTS",
    severity: fixedSeverity("DESCRIBE_AFTER_EVENTS", "quality"),
    file,
    line,
    ...worded("DESCRIBE_AFTER_EVENTS.late"),
  };
}

function saysCaliper11Or12(value: Record<string, unknown>): boolean {
  const version = caliperVersion(value);
  return version === "1.1" || version === "1.2";
}

/** The unit's text with what one survey of it says for all its events. */
function surveyed(source: SourceText, value: unknown): SourceText {
  const survey = surveyText(source.text, value);
  if (survey.keysMayRepeat && survey.unusualNumbers) return source;
  const facts: SourceText = { text: source.text, firstLine: source.firstLine };
  if (source.lineMap) facts.lineMap = source.lineMap;
  if (source.lineGaps) facts.lineGaps = source.lineGaps;
  if (source.oneLine) facts.oneLine = true;
  if (!survey.keysMayRepeat) facts.keysUnique = true;
  if (!survey.unusualNumbers) facts.numbersPlain = true;
  return facts;
}

function pathsOf(found: readonly FoundEvent[]): string[][] {
  return found.map((f) => parsePointer(f.pointer));
}

/**
 * Where a one-line unit's events start: found for all of them in one walk, when a diagnostic first
 * asks for one. One per unit, so that an event carries no closure of its own.
 */
class LineStarts {
  private offsets: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly found: readonly FoundEvent[],
    private readonly firstLine: number,
    private readonly keysUnique: boolean,
  ) {}

  anchor(k: number): Anchor {
    this.offsets ??= offsetsInOrder(this.text, pathsOf(this.found), this.keysUnique);
    return { offset: this.offsets[k] ?? 0, line: this.firstLine, lineStart: 0, lineEnd: this.text.length };
  }
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
    /** Where the event starts in its unit's text, or the unit's starts to find that in when asked. */
    private readonly start: Anchor | LineStarts,
    /** The event's place among its unit's. */
    private readonly k: number,
    dataVersion: string | undefined,
  ) {
    if (dataVersion !== undefined) this.dataVersion = dataVersion;
  }

  get anchor(): Anchor {
    return this.start instanceof LineStarts ? (this.lazy ??= this.start.anchor(this.k)) : this.start;
  }
}
