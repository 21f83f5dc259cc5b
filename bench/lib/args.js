// Command-line flags of the benchmark. Defaults are sized to finish in about a minute on 2 cores.
import { parseArgs } from "node:util";

export const USAGE = `Usage: npm run bench -- [options]   (or node bench/run.js [options], after a build)

  --events N      events per profile (default 30000); with --size alone, as many as fit
  --size SIZE     cap each generated file at SIZE bytes (e.g. 200MB, 1GiB)
  --repeat R      run each measurement R times and keep the fastest (default 1)
  --startup-runs K  runs of each side of the startup comparison, median kept (default 10)
  --corpus DIR    generate into DIR and keep it; reused as is when its manifest matches
  --keep          keep the generated temporary corpus (its path is printed)
  --no-envelope   skip the large pretty-printed envelope
  --no-reports    skip the report formats at a million diagnostics (scaled by --events)
  --no-repeats    skip --dedupe, --latest and --group-by on distinct events (1 000 000 of
                  them by default; --events N sets that count too)
  --out FILE      where to write the JSON results (default bench/results/latest.json)
  -h, --help      this text`;

/** "200MB" -> 200e6, "1GiB" -> 2^30, "5e8" -> 5e8: decimal and binary units both, as people write them. */
export function parseSize(text) {
  const m = /^([\d.e+]+)\s*([kmgt]?)(i?)b?$/i.exec(String(text).trim());
  if (!m || Number.isNaN(Number(m[1]))) throw new Error(`--size: cannot read "${text}" (try 200MB or 1GiB)`);
  const power = " kmgt".indexOf(m[2].toLowerCase() || " ");
  return Math.floor(Number(m[1]) * (m[3] ? 1024 : 1000) ** power);
}

export function readArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: "string" },
      size: { type: "string" },
      repeat: { type: "string", default: "1" },
      "startup-runs": { type: "string", default: "10" },
      corpus: { type: "string" },
      keep: { type: "boolean", default: false },
      "no-envelope": { type: "boolean", default: false },
      "no-reports": { type: "boolean", default: false },
      "no-repeats": { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const positive = (name, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive whole number, got "${text}"`);
    return n;
  };
  const maxBytes = values.size === undefined ? Infinity : parseSize(values.size);
  // --size alone means "fill to that size"; --events alone or neither caps the count.
  const maxEvents =
    values.events !== undefined ? positive("events", values.events) : values.size !== undefined ? Infinity : 30000;
  return {
    help: values.help,
    maxEvents,
    maxBytes,
    repeat: positive("repeat", values.repeat),
    startupRuns: positive("startup-runs", values["startup-runs"]),
    corpus: values.corpus,
    keep: values.keep || values.corpus !== undefined,
    envelope: !values["no-envelope"],
    reports: !values["no-reports"],
    // The memory target is set at a million records; a quick run (--events N) follows N.
    repeatsEvents: values["no-repeats"]
      ? 0
      : values.events !== undefined
        ? positive("events", values.events)
        : 1_000_000,
    out: values.out,
  };
}
