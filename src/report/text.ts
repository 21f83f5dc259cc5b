import type { Painter } from "./color.js";
import { kindsToList, MAX_KINDS, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { shown } from "../shown.js";

/**
 * `file:line:col: severity CODE: message (event #i id, at /pointer)`, the form editors and CI logs
 * link. Every string from the input is `shown`: one diagnostic is one line, and no line of it is a
 * terminal control sequence or a workflow command.
 */
export function formatDiagnostic(d: Diagnostic, paint: Painter): string {
  // Shown whole, not the file alone: a file named `:` and the `:1` after it would start the line `::1`.
  const where = shown(`${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ""}`);
  const severity = d.severity === "error" ? paint.red.bold("error") : paint.yellow.bold("warning");
  const context: string[] = [];
  if (d.index !== undefined) context.push(`event #${d.index}${d.eventId !== undefined ? ` ${shown(d.eventId)}` : ""}`);
  if (d.pointer !== undefined) context.push(`at ${d.pointer === "" ? "/" : shown(d.pointer)}`);
  const tail = context.length > 0 ? paint.dim(` (${context.join(", ")})`) : "";
  return `${paint.bold(where)}: ${severity} ${paint.cyan(d.code)}: ${shown(d.message)}${tail}`;
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

export function formatSummary(summary: Summary, paint: Painter): string[] {
  const invalid = `${summary.invalid} invalid${summary.unparsable > 0 ? ` (${summary.unparsable} unparsable)` : ""}`;
  const lines = [
    `${plural(summary.files, "file")}, ${plural(summary.events, "event")}: ` +
      `${paint.green(`${summary.valid} valid`)}, ${summary.invalid > 0 ? paint.red(invalid) : invalid}, ` +
      `${summary.unrecognised} unrecognised; ${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}`,
  ];
  if (summary.failedTasks > 0)
    lines.push(
      paint.red(
        `${plural(summary.failedTasks, "file or part", "files or parts")} not read to the end (TASK_FAILED): ${plural(summary.unreadBytes, "byte")} not read, their events not counted`,
      ),
    );
  if (summary.describes > 0)
    lines.push(
      `${plural(summary.describes, "Caliper entity describe")} (not events)${summary.invalidDescribes > 0 ? `, ${summary.invalidDescribes} invalid` : ""}`,
    );
  const kinds = kindsToList(summary.unrecognisedKinds);
  if (kinds.listed.length > 0 || kinds.unnamedEvents > 0) {
    lines.push("unrecognised (no profile knows these; not errors):");
    for (const [label, count] of kinds.listed) lines.push(`  ${String(count).padStart(5)} × ${shown(label)}`);
    if (kinds.unlisted > 0) lines.push(`  … and ${plural(kinds.unlisted, "more kind")}`);
    if (kinds.unnamedEvents > 0)
      lines.push(`  ${String(kinds.unnamedEvents).padStart(5)} × of kinds past the first ${MAX_KINDS}, not named`);
  }
  return lines;
}
