import { kindsToList, MAX_KINDS, type Summary } from "../core/tally.js";
import type { Diagnostic, Severity } from "../diagnostics.js";
import { cutAt, eventAndPointer } from "./context.js";
import { shown } from "../shown.js";
import type { ReportSink, ReportWriter } from "./sink.js";

/**
 * GitHub Actions: annotations (workflow commands printed to the log) and Markdown for
 * $GITHUB_STEP_SUMMARY. The limits below are GitHub's; past them GitHub drops output silently
 * (annotations) or refuses it whole (the step summary), so this report stays inside them and says
 * what it left out.
 */

/**
 * GitHub makes annotations of the first 10 `::error` and the first 10 `::warning` lines of a step
 * and only logs the rest ("10 warning annotations, 10 error annotations, and 10 notice annotations
 * per step": actions/toolkit, docs/problem-matchers.md).
 */
export const ANNOTATIONS_PER_SEVERITY = 10;

/** The runner cuts an annotation's message at 4,096 characters (actions/runner, `_maxIssueMessageLength`). */
export const ANNOTATION_MESSAGE_LIMIT = 4096;

/**
 * "Each step is restricted to a maximum size of 1MiB … If more than 1MiB of content is added for a
 * step, then the upload for the step will fail" (GitHub docs, workflow commands); the runner
 * compares the file's size in bytes.
 */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/** Room left for whatever else the step appends to the same summary file. */
const STEP_SUMMARY_HEADROOM = 16 * 1024;

/**
 * The bytes this run's step summary may take when the step's file holds `existing` already (an
 * earlier run in the same step, another tool): GitHub's limit is the file's, not one writer's.
 */
export function stepSummaryBudget(existing: number): number {
  return Math.max(0, STEP_SUMMARY_LIMIT - STEP_SUMMARY_HEADROOM - existing);
}

/** A cell longer than this is cut, so that one huge message cannot crowd out every other row. */
const CELL_LIMIT = 2000;

export interface GithubOptions {
  /** Annotations per severity; defaults to GitHub's 10. */
  annotationsPerSeverity?: number;
  /** Bytes (UTF-8) the step summary may take; defaults to 1 MiB less 16 KiB of headroom. */
  stepSummaryBytes?: number;
}

export interface GithubReport {
  /** Workflow-command lines for standard output, each ending in a newline. */
  annotations: string;
  /** Markdown to append to the file named by $GITHUB_STEP_SUMMARY. */
  stepSummary: string;
}

export function formatGithub(
  diagnostics: readonly Diagnostic[],
  summary: Summary,
  options: GithubOptions = {},
): GithubReport {
  const report = new GithubLines(options);
  const annotations = diagnostics.map((d) => report.add(d)).join("");
  const end = report.end(summary);
  return { annotations: annotations + end.notice, stepSummary: end.stepSummary };
}

/**
 * The same as formatGithub, written as a stream: each annotation as its diagnostic comes, the
 * notice at the end; the step summary is handed to `stepSummary` at the end, never larger than
 * its budget.
 */
export function createGithubReport(
  sink: ReportSink,
  options: GithubOptions & { stepSummary?: (markdown: string) => void } = {},
): ReportWriter {
  const report = new GithubLines(options);
  return {
    file() {},
    diagnostic: (d) => sink.write(report.add(d)),
    async end(summary) {
      const end = report.end(summary);
      await sink.write(end.notice);
      options.stepSummary?.(end.stepSummary);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Annotations and step-summary rows, one diagnostic at a time. Rows are kept only while they fit in
 * the budget (a row past it could never be shown); the rest are counted.
 */
class GithubLines {
  private readonly perSeverity: number;
  private readonly budget: number;
  private readonly shown: Record<Severity, number> = { error: 0, warning: 0 };
  private readonly notShown: Record<Severity, number> = { error: 0, warning: 0 };
  private readonly rows: string[] = [];
  private rowBytes = 0;
  private rowsFull = false;
  private total = 0;

  constructor(options: GithubOptions) {
    this.perSeverity = options.annotationsPerSeverity ?? ANNOTATIONS_PER_SEVERITY;
    this.budget = options.stepSummaryBytes ?? stepSummaryBudget(0);
  }

  /** The annotation line to print now, or "" past GitHub's limit. */
  add(d: Diagnostic): string {
    this.total++;
    if (!this.rowsFull) {
      const r = row(d);
      const size = bytes(r);
      if (this.rowBytes + size <= this.budget) {
        this.rows.push(r);
        this.rowBytes += size;
      } else this.rowsFull = true;
    }
    if (this.shown[d.severity] < this.perSeverity) {
      this.shown[d.severity]++;
      return `${annotation(d)}\n`;
    }
    this.notShown[d.severity]++;
    return "";
  }

  end(summary: Summary): { notice: string; stepSummary: string } {
    const step = stepSummary(this.rows, this.rowsFull, this.total, summary, this.budget);
    return { notice: notice(this.notShown, this.perSeverity, step.rowsLeftOut), stepSummary: step.text };
  }
}

// --- annotations -------------------------------------------------------------------------------

function notice(notShown: Record<Severity, number>, perSeverity: number, rowsLeftOut: number): string {
  const rest = notShown.error + notShown.warning;
  if (rest === 0) return "";
  const where =
    rowsLeftOut === 0
      ? "the step summary lists every problem"
      : `the step summary lists all but ${rowsLeftOut}, which would take it past GitHub's 1 MiB limit`;
  const message =
    `${plural(rest, "more problem")} (${plural(notShown.error, "error")}, ${plural(notShown.warning, "warning")}) ` +
    `not annotated: GitHub annotates only the first ${plural(perSeverity, "error")} and ${plural(perSeverity, "warning")} of a step; ${where}`;
  return `::notice title=gradeev::${escapeData(message)}\n`;
}

/**
 * `::error file=F,line=L,col=C,title=CODE::message (event #i, at /pointer)`. The log viewer runs
 * escape sequences and the annotation shows bidi overrides: what came from the input is `shown`.
 */
function annotation(d: Diagnostic): string {
  const properties = [
    // The runner drops a property whose value is empty.
    ...(d.file !== "" ? [`file=${escapeProperty(shown(d.file))}`] : []),
    `line=${d.line}`,
    ...(d.column !== undefined ? [`col=${d.column}`] : []),
    `title=${escapeProperty(d.code)}`,
  ];
  return `::${d.severity} ${properties.join(",")}::${escapeData(annotationMessage(d))}`;
}

/**
 * The message and its context within the runner's 4,096 characters: a long message is cut, not the
 * event and pointer after it, which say where to look.
 */
function annotationMessage(d: Diagnostic): string {
  const message = shownByLine(d.message);
  const context = eventAndPointer(d);
  const tail = context === undefined ? "" : ` (${shownByLine(context)})`;
  if (message.length + tail.length <= ANNOTATION_MESSAGE_LIMIT) return `${message}${tail}`;
  if (tail.length >= ANNOTATION_MESSAGE_LIMIT / 2)
    return `${cutAt(`${message}${tail}`, ANNOTATION_MESSAGE_LIMIT - 1)}…`;
  return `${cutAt(message, ANNOTATION_MESSAGE_LIMIT - tail.length - 1)}…${tail}`;
}

/**
 * Each line of the text `shown`, its line breaks kept: a message may have several lines (escapeData
 * keeps them inside the one workflow command; the step summary writes them as `<br>`).
 */
function shownByLine(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 === 0 ? shown(part) : part))
    .join("");
}

/** The runner's escapes for command data (actions/runner, `ActionCommand._escapeDataMappings`). */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** … and for property values, which `,` separates and `::` ends (`_escapePropertyMappings`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// --- step summary ------------------------------------------------------------------------------

const TABLE_HEAD = "| where | severity | code | message | event | pointer |\n|---|---|---|---|---|---|\n";

/** `rows`: the first rows, as many as fit the budget; `cut`: more came that did not; `total`: all. */
function stepSummary(
  rows: readonly string[],
  cut: boolean,
  total: number,
  summary: Summary,
  budget: number,
): { text: string; rowsLeftOut: number } {
  const head = `${summaryHead(summary)}\n`;
  if (total === 0) return { text: `${head}No problems found.\n`, rowsLeftOut: 0 };
  if (!cut) {
    const whole = head + TABLE_HEAD + rows.join("");
    if (bytes(whole) <= budget) return { text: whole, rowsLeftOut: 0 };
  }
  // Rows go in while they fit beside the longest line that could close the table.
  const reserve = bytes(leftOutLine(total, total));
  let size = bytes(head) + bytes(TABLE_HEAD);
  if (size + reserve > budget) {
    // The file is (nearly) full already: a line saying so, when even that fits.
    const full = `## gradeev\n\n${plural(total, "problem")} not listed: the step summary has no room left within GitHub's 1 MiB per step; see the log.\n`;
    return { text: bytes(full) <= budget ? full : "", rowsLeftOut: total };
  }
  let kept = 0;
  for (const r of rows) {
    const rowSize = bytes(r);
    if (size + rowSize + reserve > budget) break;
    size += rowSize;
    kept++;
  }
  const left = total - kept;
  return { text: head + TABLE_HEAD + rows.slice(0, kept).join("") + leftOutLine(left, total), rowsLeftOut: left };
}

function summaryHead(s: Summary): string {
  const lines = [
    "## gradeev",
    "",
    "| files | events | valid | invalid | unparsable | unrecognised | errors | warnings |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${s.files} | ${s.events} | ${s.valid} | ${s.invalid} | ${s.unparsable} | ${s.unrecognised} | ${s.errors} | ${s.warnings} |`,
    "",
  ];
  if (s.describes > 0)
    lines.push(
      `${plural(s.describes, "Caliper entity describe")} (not events)${s.invalidDescribes > 0 ? `, ${s.invalidDescribes} invalid` : ""}.`,
      "",
    );
  const kinds = kindsToList(s.unrecognisedKinds);
  if (kinds.listed.length > 0 || kinds.unnamedEvents > 0) {
    lines.push("Unrecognised (no profile knows these; not errors):", "");
    for (const [label, count] of kinds.listed) lines.push(`- ${count} × ${cell(label)}`);
    if (kinds.unlisted > 0) lines.push(`- … and ${plural(kinds.unlisted, "more kind")}`);
    if (kinds.unnamedEvents > 0)
      lines.push(`- ${kinds.unnamedEvents} × of kinds past the first ${MAX_KINDS}, not named`);
    lines.push("");
  }
  return lines.join("\n");
}

function row(d: Diagnostic): string {
  const where = `${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ""}`;
  const event = d.index === undefined ? "" : `#${d.index}${d.eventId !== undefined ? ` ${d.eventId}` : ""}`;
  const pointer = d.pointer === undefined ? "" : d.pointer === "" ? "/" : d.pointer;
  return `| ${[where, d.severity, d.code, d.message, event, pointer].map(cell).join(" | ")} |\n`;
}

function leftOutLine(left: number, total: number): string {
  return `\n**${plural(left, "more row")} of ${total} left out** to keep this summary under GitHub's 1 MiB limit.\n`;
}

/**
 * A table cell: cut to size, then escaped; line breaks become `<br>` (a cell is one line), and the
 * rest that a reader would not see (controls, bidi overrides, lone surrogates) is `shown`.
 */
function cell(text: string): string {
  const cut = text.length > CELL_LIMIT ? `${cutAt(text, CELL_LIMIT - 1)}…` : text;
  return markdownText(shownByLine(cut)).replace(/\r\n|\r|\n/g, "<br>");
}

/**
 * Text shown as written: a backslash before each character that Markdown (GitHub's, with tables,
 * strikethrough and `$` math) would read as syntax, `|` included, which would end the cell.
 */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&$]/g, "\\$&");
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function plural(count: number, word: string): string {
  return `${count} ${count === 1 ? word : `${word}s`}`;
}
