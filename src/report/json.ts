import type { Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";

/** Bumped when a field changes meaning or goes away; new fields may appear within a version. */
export const REPORT_VERSION = 1;

export function formatJsonReport(summary: Summary, diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ version: REPORT_VERSION, summary, diagnostics }, null, 2)}\n`;
}
