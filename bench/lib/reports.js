// The report formats at scale: one NDJSON file whose every line is a JSON syntax error, so that a
// small input yields about a million diagnostics, validated with each --format. Plain text is the
// baseline: it prints each diagnostic as it comes and holds none, so what a format's peak RSS adds to
// text's is what that format holds.
import { closeSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { measure } from "./measure.js";
import { commands } from "./tools.js";

export const REPORT_FORMATS = ["text", "json", "junit", "sarif", "github"];

/** A million at the default --events (30 000), in proportion to --events otherwise, for a quick run. */
export function reportDiagnostics({ maxEvents }) {
  return Number.isFinite(maxEvents) ? Math.max(1000, Math.round((maxEvents / 30000) * 1e6)) : 1e6;
}

/** `count` lines of `{"b"}`: 6 bytes a diagnostic (JSON_SYNTAX, an error). */
async function writeBadLines(path, count) {
  const out = await open(path, "w");
  try {
    const batch = '{"b"}\n'.repeat(100_000);
    for (let left = count; left > 0; left -= 100_000)
      await out.write(left >= 100_000 ? batch : batch.slice(0, left * 6));
  } finally {
    await out.close();
  }
}

/** The first and last `bytes` of a file: enough to find a report's totals without reading it whole. */
function ends(path, bytes = 64 * 1024) {
  const size = statSync(path).size;
  const fd = openSync(path, "r");
  try {
    const read = (position, length) => {
      const buffer = Buffer.alloc(Math.max(0, length));
      return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, position)).toString("utf8");
    };
    return { head: read(0, Math.min(bytes, size)), tail: read(Math.max(0, size - bytes), Math.min(bytes, size)), size };
  } finally {
    closeSync(fd);
  }
}

/** How many errors the report says it holds, read where each format puts its totals; null if it is cut short. */
function errorsReported(format, path) {
  const { head, tail } = ends(path);
  const number = (pattern, text) => (pattern.exec(text) ? Number(pattern.exec(text)[1]) : null);
  switch (format) {
    case "text":
      return number(/(\d+) errors?, \d+ warnings?\n$/, tail);
    case "json":
      return tail.endsWith('"notShown": 0\n}\n') ? number(/\n    "errors": (\d+),/, head) : null;
    case "junit":
      return tail.endsWith("</testsuite>\n") ? number(/<property name="errors" value="(\d+)"\/>/, head) : null;
    case "sarif":
      return tail.endsWith("}\n") ? number(/\n {10}"errors": (\d+),/, tail) : null;
    case "github": {
      const annotated = head.split("\n").filter((l) => l.startsWith("::error ")).length;
      const more = number(/^::notice title=gradeev::(\d+) more problems/m, tail);
      return more === null ? null : annotated + more;
    }
  }
  return null;
}

/** Each format on the same file, one after the other; figures and whether each report was whole. */
export async function measureReports({ scratch, count, log }) {
  const input = join(scratch, "report-diagnostics.ndjson");
  await writeBadLines(input, count);
  const rows = [];
  try {
    for (const format of REPORT_FORMATS) {
      const name = `report-${format}`;
      const m = await measure(commands.validateFormat(input, format), { scratch, name });
      const row = { format, wallS: m.wallS, peakRssMiB: m.peakRssMiB, outputBytes: statSync(m.stdoutFile).size };
      // Exit 1 is the verdict (every line is invalid); anything else, or a report cut short, is a failure.
      const errors = m.code === 1 ? errorsReported(format, m.stdoutFile) : null;
      if (m.code !== 1) row.note = `failed (exit ${m.code})`;
      else if (errors !== count) row.note = `report holds ${errors ?? "no total"} of ${count} diagnostics`;
      rows.push(row);
      rmSync(m.stdoutFile, { force: true }); // hundreds of MB for SARIF at a million
      log(
        `reports  --format ${format.padEnd(7)} ${m.wallS.toFixed(2)} s, ${m.peakRssMiB ?? "-"} MiB ${row.note ?? ""}`,
      );
    }
  } finally {
    rmSync(input, { force: true });
  }
  const text = rows.find((r) => r.format === "text" && !r.note);
  for (const r of rows)
    r.aboveTextMiB =
      text && r.peakRssMiB != null && text.peakRssMiB != null
        ? Math.round((r.peakRssMiB - text.peakRssMiB) * 10) / 10
        : null;
  return { diagnostics: count, inputBytes: count * 6, rows };
}
