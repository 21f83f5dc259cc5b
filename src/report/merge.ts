/**
 * The JSON reports of a run's parts (a distributed engine's map step: each a file, or a part of one
 * read through standard input with --stdin-name, --first-line and --first-index) merged into the
 * report one run over the same data would have given. Pure: the command line reads and writes.
 */
import { addSummary, counts, emptySummary, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { GradeevError } from "../errors.js";
import type { FileEntry } from "./files.js";
import { REPORT_VERSION } from "./json.js";
import { judgedFlags, judgedProblem, sameJudged, type Judged } from "./judged.js";

/** A `--format json` report, as gradeev writes it. */
export interface JsonReport {
  version: typeof REPORT_VERSION;
  /** The options that changed verdicts, when not the defaults. */
  options?: Judged;
  summary: Summary;
  files: FileEntry[];
  diagnostics: Diagnostic[];
  notShown: number;
}

/** A report and the name it is known by (its file), for the errors. */
export interface NamedReport {
  name: string;
  report: JsonReport;
}

/**
 * Merges reports given in input order. The counts add up, except that a file split into parts counts
 * once; the diagnostics follow one another, except the file's end: NO_EVENTS, which each part with
 * no event says of itself, is said once, after the file's last part, when none of its parts held
 * an event (as a whole run says it), and not at all otherwise. A report's first input continues the
 * file the report before it ends in when it starts past line 1 (a part of a file, or a merge of
 * such parts; the first report may start inside a file, so that parts can be merged in stages: the
 * merger says where, in `startsInside`). When the report before holds that file alone, the part must
 * start where it ended, line and event index: else a part is missing, repeated, out of order, or
 * given the wrong --first-index, and the merge is refused. A report that starts a file at its first
 * line and event is a new reading of it (a run over `f f`).
 */
export function mergeReports(reports: readonly NamedReport[]): JsonReport {
  const merger = new ReportMerger();
  const diagnostics: Diagnostic[] = [];
  const keep = (steps: MergeStep[]) => {
    for (const step of steps) if ("diagnostic" in step) diagnostics.push(step.diagnostic);
  };
  for (const part of reports) keep(merger.add(part));
  keep(merger.end());
  return {
    version: REPORT_VERSION,
    ...(merger.judged && { options: merger.judged }),
    summary: merger.summary,
    files: merger.files,
    diagnostics,
    notShown: 0,
  };
}

/** What a merge writes next: a file starting, or a diagnostic; in the order a whole run writes them. */
export type MergeStep = { file: FileEntry } | { diagnostic: Diagnostic };

/**
 * The merge one report at a time: each add() gives back the steps that are now known to come next,
 * so that a merge holds one part's diagnostics at most, never all of them.
 */
export class ReportMerger {
  readonly summary = emptySummary();
  readonly files: FileEntry[] = [];
  /** Where the first report starts, when it starts inside a file (a merge of the later parts only). */
  startsInside: { name: string; file: FileEntry } | undefined;
  /**
   * The file the last report ended in, which the next may continue: where it ends (known when the
   * reports of it held it alone), whether any of its parts held an event, and the ends its parts said.
   */
  private open:
    { name: string; next: { line: number; index: number } | undefined; held: boolean; ends: Diagnostic[] } | undefined;
  private count = 0;
  /** The options every part was judged by (a report names them when not the defaults), and the first part's name. */
  judged: Judged | undefined;
  private firstName = "";

  /** Adds a report; the files and diagnostics that now have their place, in order. */
  add({ name, report }: NamedReport): MergeStep[] {
    const r = this.count++;
    const out: MergeStep[] = [];
    if (r === 0) [this.judged, this.firstName] = [report.options, name];
    else if (!sameJudged(this.judged, report.options))
      throw new GradeevError(
        `${name}: judged with ${judgedFlags(report.options)}, but ${this.firstName} with ${judgedFlags(this.judged)}: a merge of the two is a report no run gives (run every part with the same options)`,
      );
    addCounts(this.summary, report.summary, name);
    const entries = report.files;
    const alone = entries.length === 1;
    let from = 0;
    let rest = entries;
    const first = entries[0];
    const open = this.open;
    if (first !== undefined && r === 0 && (first.firstLine > 1 || first.firstIndex > 0))
      this.startsInside = { name, file: first };
    // A file read again from its start (a run over `f f`) is a new reading; a part declared so is not.
    const starts =
      first !== undefined &&
      first.firstLine === 1 &&
      first.firstIndex === 0 &&
      !(first.part === true && open?.name === first.name);
    // The first report may start inside a file: a merge of the later parts, merged again later.
    if (first !== undefined && first.firstLine === 1 && first.firstIndex === 0 && !starts)
      throw new GradeevError(
        `${name}: it reads ${first.name} from line ${first.firstLine}, but the report before it ends in ${first.name}: a part repeated or out of order (give every part of a file once, in order)`,
      );
    if (first !== undefined && !starts && r > 0) {
      if (open === undefined || open.name !== first.name)
        throw new GradeevError(
          `${name}: its part of ${first.name} starts at line ${first.firstLine}, but the report before it does not end in ${first.name}: give every part of a file, in order`,
        );
      if (open.next !== undefined && open.next.line !== first.firstLine)
        throw new GradeevError(
          `${name}: its part of ${first.name} starts at line ${first.firstLine}, but the parts before it end at line ${open.next.line - 1}: a part is missing, repeated or out of order`,
        );
      if (open.next !== undefined && open.next.index !== first.firstIndex)
        throw new GradeevError(
          `${name}: its part of ${first.name} starts with event ${first.firstIndex}, but the parts before it hold events 0 to ${open.next.index - 1}: run it with --first-index ${open.next.index}`,
        );
      this.summary.files--;
      // Its diagnostics come first, all of the file's name.
      while (from < report.diagnostics.length && (alone || report.diagnostics[from]!.file === first.name)) from++;
      this.take(report.diagnostics.slice(0, from), open, out);
      open.next =
        alone && open.next
          ? { line: open.next.line + report.summary.lines, index: open.next.index + report.summary.events }
          : undefined;
      if (alone) return out;
      rest = entries.slice(1);
    }
    this.close(out);
    // Merged, a file's parts are the file: the merge says no more that its first was a part.
    const files = rest.map(({ name, firstLine, firstIndex }) => ({ name, firstLine, firstIndex }));
    this.files.push(...files);
    for (const file of files) out.push({ file });
    const last = files.at(-1);
    if (last === undefined) {
      for (const diagnostic of report.diagnostics.slice(from)) out.push({ diagnostic });
      return out;
    }
    // The last file may go on in the next report: its end, the report's last diagnostic, is held back.
    const opened = {
      name: last.name,
      next: alone
        ? { line: last.firstLine + report.summary.lines, index: last.firstIndex + report.summary.events }
        : undefined,
      held: false,
      ends: [],
    };
    this.open = opened;
    this.take(report.diagnostics.slice(from), opened, out);
    return out;
  }

  /** The diagnostics the last file's end still held. */
  end(): MergeStep[] {
    const out: MergeStep[] = [];
    this.close(out);
    return out;
  }

  private close(out: MergeStep[]): void {
    const open = this.open;
    if (!open) return;
    const kept = open.held ? undefined : open.ends.at(-1);
    for (const end of open.ends) if (end !== kept) uncount(this.summary, end);
    if (kept) out.push({ diagnostic: kept });
    this.open = undefined;
  }

  /** The diagnostics of `file`'s part, its end (NO_EVENTS, its last, if it says one) held back until the file's last part is known. */
  private take(part: readonly Diagnostic[], file: NonNullable<ReportMerger["open"]>, out: MergeStep[]): void {
    const last = part.at(-1);
    const end = last?.code === "NO_EVENTS" && last.file === file.name ? last : undefined;
    for (const diagnostic of end ? part.slice(0, -1) : part) out.push({ diagnostic });
    if (end) file.ends.push(end);
    else file.held = true;
  }
}

/**
 * Adds a part's counts, each a count a run could have (a safe integer): a sum past 2^53 would be
 * written rounded, so the part that makes one is refused.
 */
function addCounts(total: Summary, part: Summary, name: string): void {
  addSummary(total, part);
  const counts = [...numbersOf(total)];
  if (!counts.every((n) => Number.isSafeInteger(n)))
    throw new GradeevError(
      `${name}: its counts added to those before it pass 2^53 (${Number.MAX_SAFE_INTEGER}), past which they cannot be written exactly`,
    );
}

function* numbersOf(value: unknown): Generator<number> {
  if (typeof value === "number") yield value;
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) yield* numbersOf(v);
}

/** Takes a diagnostic back out of the counts. */
function uncount(summary: Summary, d: Diagnostic): void {
  if (d.severity === "error") summary.errors--;
  else summary.warnings--;
  const left = (summary.byCode[d.code] ?? 0) - 1;
  if (left > 0) summary.byCode[d.code] = left;
  else delete summary.byCode[d.code];
}

/**
 * A part's report read back: a GradeevError (exit 2) naming the part when it is not JSON, not a
 * gradeev report of this version, or one written before reports listed their files.
 */
export function parseReport(text: string, name: string): JsonReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GradeevError(
      `${name}: not a gradeev JSON report (not JSON at all; was the part's run given --format json?)`,
    );
  }
  const problem = reportProblem(value);
  if (problem !== undefined)
    throw new GradeevError(`${name}: not a gradeev JSON report of version ${REPORT_VERSION}: ${problem}`);
  return value as JsonReport;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isCounts = (value: unknown) => isObject(value) && Object.values(value).every(isCount);

/** What is wrong with a value read as a report, if anything: what the merge relies on, checked. */
function reportProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "not an object";
  if (value.version !== REPORT_VERSION) return `its version is ${JSON.stringify(value.version)}`;
  const summary = value.summary;
  if (!isObject(summary)) return "no summary";
  const empty = emptySummary();
  for (const key of Object.keys(empty) as (keyof Summary)[]) {
    const ok = typeof empty[key] === "number" ? isCount(summary[key]) : isCounts(summary[key]);
    if (!ok)
      return `its summary has no count ${key}${key === "lines" || key === "bytes" || key === "byCode" ? " (written by a gradeev older than merge-reports?)" : ""}`;
  }
  if (!Array.isArray(value.files)) return "it lists no files (written by a gradeev older than merge-reports?)";
  for (const file of value.files)
    if (
      !isObject(file) ||
      typeof file.name !== "string" ||
      !isCount(file.firstLine) ||
      (file.firstLine as number) < 1 ||
      !isCount(file.firstIndex) ||
      (file.part !== undefined && file.part !== true)
    )
      return "a file of its list has no name, first line or first index";
  if (!Array.isArray(value.diagnostics)) return "no diagnostics";
  for (const d of value.diagnostics)
    if (
      !isObject(d) ||
      typeof d.code !== "string" ||
      (d.severity !== "error" && d.severity !== "warning") ||
      typeof d.file !== "string" ||
      !isCount(d.line) ||
      typeof d.message !== "string"
    )
      return "a diagnostic has no code, severity, file, line or message";
  if (!isCount(value.notShown)) return "no count notShown";
  const options = judgedProblem(value.options);
  if (options !== undefined) return options;
  return countsProblem(value as unknown as JsonReport);
}

/**
 * Whether the report's counts say what its diagnostics say: a list cut short, or emptied by a key
 * written twice, would merge into a report no run gives. The list holds every diagnostic but the
 * `notShown` it says it left out, so each code counts at least as many as the list holds.
 */
function countsProblem(report: JsonReport): string | undefined {
  const listed = counts();
  let errors = 0;
  for (const d of report.diagnostics) {
    listed[d.code] = (listed[d.code] ?? 0) + 1;
    if (d.severity === "error") errors++;
  }
  const { summary, diagnostics, notShown } = report;
  const said = Object.values(summary.byCode).reduce((sum, n) => sum + n, 0);
  if (said !== summary.errors + summary.warnings)
    return `its summary counts ${summary.errors + summary.warnings} errors and warnings, but ${said} by rule code`;
  if (diagnostics.length + notShown !== said)
    return `its summary counts ${said} diagnostics, but it lists ${diagnostics.length}${notShown > 0 ? ` and leaves out ${notShown}` : ""}`;
  for (const code of Object.keys(listed))
    if (!Object.hasOwn(summary.byCode, code) || summary.byCode[code]! < listed[code]!)
      return `it lists ${listed[code]} diagnostics ${code}, but its summary counts ${summary.byCode[code] ?? 0}`;
  if (notShown === 0) {
    for (const code of Object.keys(summary.byCode))
      if (summary.byCode[code] !== listed[code])
        return `its summary counts ${summary.byCode[code]} diagnostics ${code}, but it lists ${listed[code] ?? 0}`;
    if (errors !== summary.errors) return `its summary counts ${summary.errors} errors, but it lists ${errors}`;
  }
  return undefined;
}
