/**
 * A map step as a distributed engine runs it, for the tests: a corpus of several kinds of file, each
 * plain NDJSON file split into line-aligned parts (each part owns the lines that start in it), every
 * part or whole file run through standard input with --stdin-name, --first-line and --first-index.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, runCli, type CliResult } from "./helpers.js";

const sample = (path: string) => readFileSync(join(ROOT, "samples", path), "utf8");
/** A one-event sample file as one NDJSON line. */
const line = (path: string) => JSON.stringify(JSON.parse(sample(path)));

/**
 * The corpus, in the order a whole run is given it: NDJSON with valid, invalid, unparsable,
 * unrecognised, repeated and blank lines (and a stretch of blank lines a part may hold alone), a
 * gzip file, a Caliper envelope, a file with a JSON syntax error, and an NDJSON file of blank lines
 * only (NO_EVENTS, once, whatever its parts).
 */
export function writeCorpus(folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const valid = sample("valid/xapi-score/lrs-export-mixed-scores.ndjson").trimEnd().split("\n");
  const invalid = line("invalid/brightspace-grade/no-item.json");
  const unrecognised = JSON.stringify({
    actor: { mbox: "mailto:a@example.org" },
    verb: { id: "http://adlnet.gov/expapi/verbs/initialized" },
    object: { id: "http://example.org/x" },
  });
  const lines = [
    ...valid.slice(0, 4),
    invalid,
    "{ this is not JSON",
    "",
    unrecognised,
    valid[0]!, // a repeat: converted again (no --dedupe in a map step)
    ...valid.slice(4),
    "",
    "",
    "",
    "",
    "",
    "",
    invalid,
    '{"truncated": ',
    ...valid.slice(0, 3),
  ];
  const files: Record<string, string | Buffer> = {
    "lrs.ndjson": `${lines.join("\n")}\n`,
    "nightly.ndjson.gz": gzipSync(
      readFileSync(join(ROOT, "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson")),
    ),
    "envelope.json": sample("valid/caliper-grade-event/canvas-docs-v1p1-grade-change-envelope.json"),
    "smart-quotes.json": sample("invalid/input/json-syntax--smart-quotes.json"),
    "blank.ndjson": "\n\n\n\n\n\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return Object.keys(files);
}

/** A part of a file: its bytes, and where in the file it starts. */
export interface Part {
  file: string;
  bytes: Buffer;
  firstLine: number;
}

/**
 * Each file cut before the lines `cuts` names for it (each part owns the lines that start in it,
 * as a planner cutting byte ranges at line starts gives them); any other file whole.
 */
export function planParts(
  folder: string,
  files: readonly string[],
  cuts: Readonly<Record<string, readonly number[]>> = {},
): Part[] {
  const parts: Part[] = [];
  for (const file of files) {
    const bytes = readFileSync(join(folder, file));
    const lineStarts = [0];
    for (let at = bytes.indexOf(0x0a); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(0x0a, at + 1))
      lineStarts.push(at + 1);
    const firstLines = [1, ...(cuts[file] ?? [])];
    for (const [k, firstLine] of firstLines.entries()) {
      const next = firstLines[k + 1];
      const end = next === undefined ? bytes.length : lineStarts[next - 1]!;
      parts.push({ file, bytes: bytes.subarray(lineStarts[firstLine - 1]!, end), firstLine });
    }
  }
  return parts;
}

/** One part's run, and its outputs. */
export interface PartRun extends CliResult {
  report: string;
  rejects: string;
}

/**
 * Runs the parts in order, as the map step would (the event index of a part is what the parts
 * before it of the same file held: their reports' summary.events), with `args` (convert or validate
 * and their options), writing each part's JSON report (or `--format`) and rejects into `folder`.
 */
export async function runParts(
  parts: readonly Part[],
  args: readonly string[],
  folder: string,
  options: { rejects?: boolean } = {},
): Promise<PartRun[]> {
  const runs: PartRun[] = [];
  let firstIndex = 0;
  for (const [k, part] of parts.entries()) {
    if (part.firstLine === 1) firstIndex = 0;
    const report = join(folder, `part-${k}.json`);
    const rejects = join(folder, `part-${k}.rejects.ndjson`);
    const result = await runCli(
      [
        ...args,
        "-",
        "--jobs",
        "1",
        "--format",
        "json",
        "--report",
        report,
        ...(options.rejects ? ["--rejects", rejects] : []),
        "--exit-zero",
        "--stdin-name",
        part.file,
        "--first-line",
        String(part.firstLine),
        "--first-index",
        String(firstIndex),
      ],
      { input: part.bytes },
    );
    const text = readFileSync(report, "utf8");
    firstIndex += (JSON.parse(text) as { summary: { events: number } }).summary.events;
    runs.push({ ...result, report, rejects: options.rejects ? readFileSync(rejects, "utf8") : "" });
  }
  return runs;
}
