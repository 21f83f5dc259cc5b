// Memory of the convert options that must see the whole input before they write: --dedupe and
// --latest (which hold per event only what a verdict needs, the items on a tape on disk) and
// --group-by (which holds every record's JSON until the end). Each runs on one generated xAPI file
// of distinct events (so every record is kept), --jobs 1 like the plain convert it is compared with.
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { writeNdjson } from "./corpus.js";
import { xapiEvents } from "./gen-xapi.js";
import { measure } from "./measure.js";
import { commands } from "./tools.js";

export const REPEATS_RUNS = [
  { key: "plain", label: "convert --to csv", args: ["--to", "csv"] },
  { key: "dedupe", label: "convert --to csv --dedupe", args: ["--to", "csv", "--dedupe"] },
  { key: "latest", label: "convert --to csv --latest", args: ["--to", "csv", "--latest"] },
  { key: "group-by", label: "convert --to json --group-by course", args: ["--to", "json", "--group-by", "course"] },
];

/** Generates the file into scratch, runs each option on it and returns one row per run. */
export async function measureRepeats({ scratch, events, log }) {
  const path = join(scratch, "xapi-distinct.ndjson");
  log(`generating ${events} distinct xAPI statements for --dedupe, --latest and --group-by ...`);
  const file = await writeNdjson(path, xapiEvents(5), { maxEvents: events, maxBytes: Infinity });
  const out = join(scratch, "repeats.out");
  const rows = [];
  for (const run of REPEATS_RUNS) {
    const m = await measure(commands.convertWith(path, out, [...run.args, "--jobs", "1"]), {
      scratch,
      name: `repeats-${run.key}`,
    });
    const stderr = readFileSync(m.stderrFile, "utf8");
    const kept = Number(/^(\d+) records? written/m.exec(stderr)?.[1] ?? NaN);
    const row = {
      key: run.key,
      label: run.label,
      events: file.events,
      bytes: file.bytes,
      wallS: m.wallS,
      peakRssMiB: m.peakRssMiB,
      kept,
    };
    if (m.code !== 0) row.note = `failed (exit ${m.code}): ${stderr.trim().split("\n").pop()?.slice(0, 200) ?? ""}`;
    else if (run.key !== "latest" && kept !== file.events)
      row.note = `kept ${kept} records of ${file.events} distinct events`;
    rows.push(row);
    log(`repeats  ${run.label.padEnd(40)} ${m.wallS.toFixed(2)} s, ${m.peakRssMiB ?? "-"} MiB ${row.note ?? ""}`);
  }
  // What holding costs: peak RSS above the plain convert's, per record kept.
  const plain = rows.find((r) => r.key === "plain" && !r.note);
  for (const r of rows)
    r.bytesPerKept =
      plain && !r.note && r.key !== "plain" && r.peakRssMiB !== null
        ? ((r.peakRssMiB - plain.peakRssMiB) * 2 ** 20) / r.kept
        : null;
  return { events: file.events, bytes: file.bytes, rows };
}
