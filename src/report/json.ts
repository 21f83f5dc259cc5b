import type { Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { wellFormedJson } from "../core/shown.js";

/**
 * The `--format json` report; its shape is described by schemas/report.schema.json. Bumped when a
 * field changes meaning or goes away; new fields may appear within a version.
 */
export const REPORT_VERSION = 1;

export function formatJsonReport(summary: Summary, diagnostics: readonly Diagnostic[], notShown = 0): string {
  return `${wellFormedJson(JSON.stringify({ version: REPORT_VERSION, summary, diagnostics, notShown }, null, 2))}\n`;
}
