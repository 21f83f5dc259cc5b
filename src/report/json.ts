import { reportSummary, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { wellFormedJson } from "../shown.js";
import type { FileEntry } from "./files.js";
import type { Judged } from "./judged.js";
import { batched, type ReportSink, type ReportWriter } from "./sink.js";
import { Spool, type SpoolOptions } from "./spool.js";

/**
 * The `--format json` report; its shape is described by schemas/report.schema.json. Bumped when a
 * field changes meaning or goes away; new fields may appear within a version.
 */
export const REPORT_VERSION = 1;

export function formatJsonReport(
  summary: Summary,
  diagnostics: readonly Diagnostic[],
  files: readonly FileEntry[] = [],
  judged?: Judged,
): string {
  return `${wellFormedJson(JSON.stringify({ version: REPORT_VERSION, ...(judged && { options: judged }), summary: reportSummary(summary), files, diagnostics: diagnostics.map(reported), notShown: 0 }, null, 2))}\n`;
}

/**
 * A diagnostic as the report writes it: without the template's name and arguments it was worded
 * from, which the report's format (schemas/report.schema.json, version 1) does not have.
 */
export function reported(d: Diagnostic): Omit<Diagnostic, "variant" | "args"> {
  if (d.variant === undefined && d.args === undefined) return d;
  const { variant: _variant, args: _args, ...rest } = d;
  return rest;
}

/**
 * The same bytes as formatJsonReport, written as a stream. The summary comes first in the document
 * but is known last, so the diagnostics wait in a spool (memory, then a temporary file) meanwhile.
 */
export function createJsonReport(
  sink: ReportSink,
  options: SpoolOptions & { judged?: Judged | undefined } = {},
): ReportWriter {
  const spool = new Spool(options);
  return {
    file() {},
    diagnostic: (d) => spool.append(element(reported(d), 2)),
    async end(summary, files = []) {
      const judged = options.judged;
      const document = wellFormedJson(
        JSON.stringify(
          {
            version: REPORT_VERSION,
            ...(judged && { options: judged }),
            summary: reportSummary(summary),
            files,
            diagnostics: [],
            notShown: 0,
          },
          null,
          2,
        ),
      );
      await writeWithList(sink, `${document}\n`, "diagnostics", 1, spool);
    },
    close: () => spool.close(),
  };
}

/**
 * One element of an array `depth` levels deep in JSON.stringify(…, null, 2)'s output, indented as
 * it would be there. No string in that output holds a raw line break, so every one is indentation.
 */
export function element(value: unknown, depth: number): string {
  const indent = "  ".repeat(depth);
  return `${indent}${wellFormedJson(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${indent}`)}`;
}

/**
 * Writes `document`, where the empty array `key` at `depth` stands, with the spooled elements in
 * it: `"key": []` becomes `"key": [\n…,\n…\n]` as JSON.stringify would have written it.
 * `edit` may change each element on the way out (SARIF's rule index).
 */
export async function writeWithList(
  sink: ReportSink,
  document: string,
  key: string,
  depth: number,
  spool: Spool,
  edit = (text: string) => text,
): Promise<void> {
  const indent = "  ".repeat(depth);
  // The key's own line: at its indentation, a line break before it, so never inside a string.
  const marker = `\n${indent}${JSON.stringify(key)}: []`;
  const at = document.indexOf(marker);
  if (at < 0) throw new Error(`no empty list ${key} in the report`);
  const split = at + marker.length - 1;
  if (spool.count === 0) return sink.write(document);
  const out = batched(sink);
  await out.add(`${document.slice(0, split)}\n`);
  let first = true;
  for await (const text of spool.read()) {
    if (sink.closed()) return;
    await out.add(`${first ? "" : ",\n"}${edit(text)}`);
    first = false;
  }
  await out.add(`\n${indent}${document.slice(split)}`);
  await out.flush();
}
