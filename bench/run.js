#!/usr/bin/env node
// npm run bench: generates a seeded grade-event corpus in a temporary folder, measures gradeev and
// the tools it is compared with on the same files in one run, prints a table with the issue's
// targets and writes every figure to bench/results/latest.json. See bench/README.md.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readArgs, USAGE } from "./lib/args.js";
import { prepareCorpus } from "./lib/corpus.js";
import { best, gnuTime, measure } from "./lib/measure.js";
import { machine, printReport, writeResults } from "./lib/report.js";
import { measureReports, reportDiagnostics } from "./lib/reports.js";
import { measureRepeats } from "./lib/repeats.js";
import { evaluateTargets } from "./lib/targets.js";
import { commands, detectTools, ROOT } from "./lib/tools.js";

const opts = readArgs(process.argv.slice(2));
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const log = (text) => process.stderr.write(`${text}\n`);
const cores = cpus().length;
const tools = detectTools();
const corpusDir = opts.corpus ?? mkdtempSync(join(tmpdir(), "gradeev-bench-corpus-"));
const scratch = mkdtempSync(join(tmpdir(), "gradeev-bench-scratch-"));
if (!gnuTime)
  log("no GNU time (/usr/bin/time -v): peak RSS of Node children from process.resourceUsage(); jq's unknown");

try {
  const corpus = await prepareCorpus(corpusDir, opts, log);
  const rows = [];
  for (const file of corpus.files) rows.push(...(await measureFile(file)));
  const envelope = corpus.envelope && (await measureEnvelope(corpus.envelope));
  const startup = await measureStartup();
  const reports = opts.reports ? await measureReports({ scratch, count: reportDiagnostics(opts), log }) : null;
  const repeats = opts.repeatsEvents > 0 ? await measureRepeats({ scratch, events: opts.repeatsEvents, log }) : null;
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    tools: { ...tools, gnuTime },
    options: {
      maxEvents: String(opts.maxEvents),
      maxBytes: String(opts.maxBytes),
      repeat: opts.repeat,
      repeatsEvents: opts.repeatsEvents,
    },
    corpus: {
      files: corpus.files.map(({ path, ...f }) => f),
      envelope: corpus.envelope && (({ path, ...e }) => e)(corpus.envelope),
    },
    rows,
    envelope,
    startup,
    reports,
    repeats,
  };
  results.targets = evaluateTargets({ ...results, corpus });
  printReport(results);
  const out = opts.out ?? fileURLToPath(new URL("results/latest.json", import.meta.url));
  writeResults(out, results);
  log(`\nresults written to ${out}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
  if (opts.keep) log(`corpus kept in ${corpusDir}`);
  else rmSync(corpusDir, { recursive: true, force: true });
}

/** Every tool on one NDJSON file; ratios to the floor and to jq come from this same run. */
async function measureFile(file) {
  const out = join(scratch, `${file.id}.csv`);
  const jobs1 = (command) => (tools.jobs[command] ? 1 : undefined);
  const plan = [
    {
      key: "floor",
      label: "floor (read+split+JSON.parse)",
      cmd: commands.floor(file.path),
      check: countFrom("stdout", /^(\d+)/),
    },
    // What --jobs can gain at most here: as many floors as cores at once (each reads the whole file).
    ...(cores > 1
      ? [
          {
            key: "floor-all",
            label: `floor x ${cores} side by side`,
            jobs: cores,
            copies: cores,
            processes: cores,
            cmd: commands.sideBySide(cores, file.path),
            check: sumOfLines("stdout"),
          },
          // The file split in as many parts as cores, a floor on each at once, as --jobs splits it:
          // each process's start-up and warm-up now weighs on a part, not on the whole file.
          {
            key: "floor-split",
            label: `floor, file split in ${cores} side by side`,
            jobs: cores,
            processes: cores,
            cmd: commands.sideBySide(cores, file.path, { split: true }),
            check: sumOfLines("stdout"),
          },
        ]
      : []),
    {
      key: "floor-schema",
      label: "floor + JSON Schema (Ajv) only",
      cmd: commands.floorSchema(file.path),
      check: countFrom("stdout", /(\d+) events/),
    },
    // The rules' own cost, without reader, batches or report: the least a gradeev run could take.
    {
      key: "floor-rules",
      label: "floor + gradeev checks (tight loop)",
      cmd: commands.floorRules(file.path),
      check: countFrom("stdout", /(\d+) events, (\d+) valid/),
    },
    {
      key: "floor-rules-csv",
      label: "floor + checks + CSV (tight loop)",
      cmd: commands.floorRules(file.path, { csv: true }),
      check: countFrom("stdout", /(\d+) events, (\d+) valid/),
    },
    // What --jobs can gain at most with gradeev's own work: as many tight loops as cores at once,
    // each a process of its own (its own start-up and compiled code, as each worker thread has).
    ...(cores > 1
      ? [
          {
            key: "floor-rules-csv-all",
            label: `checks + CSV x ${cores} side by side`,
            jobs: cores,
            copies: cores,
            processes: cores,
            cmd: commands.sideBySide(cores, file.path, { script: "floor-rules.js", args: ["--csv"] }),
            check: sumOfCounts("stdout", /(\d+) events, (\d+) valid/),
          },
          // The same tight loops, each on its part of the file: what --jobs could reach with no reader,
          // batches, threads or messages at all, from this file's size on this machine.
          {
            key: "floor-rules-csv-split",
            label: `checks + CSV, file split in ${cores} side by side`,
            jobs: cores,
            processes: cores,
            cmd: commands.sideBySide(cores, file.path, { script: "floor-rules.js", args: ["--csv"], split: true }),
            check: sumOfCounts("stdout", /(\d+) events, (\d+) valid/),
          },
        ]
      : []),
    {
      key: "validate",
      label: "gradeev validate",
      jobs: jobs1("validate"),
      cmd: commands.validate(file.path, jobs1("validate")),
      check: countFrom("stdout", /(\d+) events?: (\d+) valid/),
    },
    tools.jobs.validate
      ? {
          key: "validate-all",
          label: "gradeev validate",
          jobs: cores,
          cmd: commands.validate(file.path, cores),
          check: countFrom("stdout", /(\d+) events?: (\d+) valid/),
        }
      : { key: "validate-all", label: "gradeev validate", jobs: cores, skip: "n/a (no --jobs yet)" },
    {
      key: "convert",
      label: "gradeev convert --to csv",
      jobs: jobs1("convert"),
      cmd: commands.convert(file.path, out, jobs1("convert")),
      check: countFrom("stderr", /(\d+) records? written/),
    },
    tools.jobs.convert
      ? {
          key: "convert-all",
          label: "gradeev convert --to csv",
          jobs: cores,
          cmd: commands.convert(file.path, out, cores),
          check: countFrom("stderr", /(\d+) records? written/),
        }
      : { key: "convert-all", label: "gradeev convert --to csv", jobs: cores, skip: "n/a (no --jobs yet)" },
    // The HTML report: one pass, its facts in bounded memory (judged by peak RSS, not speed).
    tools.report
      ? {
          key: "report",
          label: "gradeev report (HTML)",
          cmd: commands.report(file.path, join(scratch, `${file.id}.html`)),
          check: countFrom("stderr", /(\d+) events?: (\d+) valid/),
        }
      : { key: "report", label: "gradeev report (HTML)", skip: "n/a (no report command yet)" },
    tools.jq
      ? { key: "jq", label: "jq (same CSV columns)", cmd: commands.jq(file.id, file.path), check: linesOf("stdout") }
      : { key: "jq", label: "jq (same CSV columns)", skip: "skipped: jq not installed" },
    ...(file.kind === "xapi"
      ? [
          tools.xapiValidation
            ? {
                key: "xapi-validation",
                label: "@learninglocker/xapi-validation",
                cmd: commands.xapiValidation(file.path),
                check: countFrom("stdout", /^(\d+) statements/),
              }
            : {
                key: "xapi-validation",
                label: "@learninglocker/xapi-validation",
                skip: "skipped: not installed (npm install)",
              },
        ]
      : []),
    tools.duckdb
      ? {
          key: "duckdb",
          label: "DuckDB read_ndjson_objects->COPY csv",
          jobs: cores,
          cmd: commands.duckdb(file.id, file.path, out, cores),
          check: () => linesIn(out) - 1,
        }
      : {
          key: "duckdb",
          label: "DuckDB read_ndjson_objects->COPY csv",
          skip: "skipped: npm i --no-save @duckdb/node-api",
        },
  ];
  const rows = [];
  for (const step of plan) {
    const row = { file: file.id, key: step.key, label: step.label, ...(step.jobs && { jobs: step.jobs }) };
    rows.push(row);
    if (step.skip) {
      row.note = step.skip;
      continue;
    }
    const m = await best(step.cmd, { scratch, name: `${file.id}-${step.key}` }, opts.repeat);
    Object.assign(row, judge(m, step.check, file, step.copies, step.processes));
    rmSync(out, { force: true });
    log(
      `${file.id.padEnd(8)} ${`${step.label}${step.jobs ? ` (jobs ${step.jobs})` : ""}`.padEnd(48)} ${row.wallS?.toFixed(2) ?? "-"} s ${row.note ?? ""}`,
    );
  }
  const ev = (key) => rows.find((r) => r.key === key && r.eventsPerS && !r.note)?.eventsPerS;
  for (const r of rows) {
    if (!r.eventsPerS || r.note) continue;
    r.xFloor = ev("floor") ? r.eventsPerS / ev("floor") : null;
    r.xJq = ev("jq") ? r.eventsPerS / ev("jq") : null;
  }
  return rows;
}

/**
 * Figures for one measurement, after checking that the tool saw every event (else it is a failure).
 * `copies`: the file was read that many times over (side by side), which the figures count.
 * `processes`: how many processes ran at once (side by side), which have no one peak RSS.
 */
function judge(m, check, file, copies = 1, processes = 1) {
  // A failure keeps its peak RSS: a crash for want of memory is exactly what the RSS targets are about.
  if (m.code !== 0) return { note: `failed (exit ${m.code}): ${lastLine(m.stderrFile)}`, peakRssMiB: m.peakRssMiB };
  const seen = check(m);
  const [events, bytes] = [file.events * copies, file.bytes * copies];
  // Several processes have no one peak RSS (GNU time would give the largest child's): none is shown.
  const figures = {
    wallS: m.wallS,
    eventsPerS: events / m.wallS,
    mbPerS: bytes / 1e6 / m.wallS,
    peakRssMiB: processes > 1 ? null : m.peakRssMiB,
  };
  // A tool that did not see every event keeps its figures, flagged, but no ratio or target is taken from it.
  return seen === events ? figures : { ...figures, note: `saw ${seen} events of ${events}` };
}

/** Peak memory of validate on one huge pretty-printed document (it cannot be split into lines). */
async function measureEnvelope(envelope) {
  const m = await measure(commands.validate(envelope.path), { scratch, name: "envelope" });
  const row = judge(m, countFrom("stdout", /(\d+) events?: (\d+) valid/), envelope);
  log(`envelope gradeev validate ${row.wallS?.toFixed(2) ?? "-"} s, ${m.peakRssMiB} MiB ${row.note ?? ""}`);
  return { events: envelope.events, bytes: envelope.bytes, ...row };
}

/** Start-up cost: validate on one small sample against a bare `node -e 0`, interleaved, medians. */
async function measureStartup() {
  const sample = "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json";
  const times = { node: [], gradeev: [] };
  for (let i = -1; i < opts.startupRuns; i++) {
    // run -1 warms the file cache and is not counted
    const n = await measure(commands.nodeNoop(), { scratch, name: "startup-node" });
    const g = await measure(commands.validate(join(ROOT, sample)), { scratch, name: "startup-gradeev" });
    if (g.code !== 0) return { sample, note: `failed (exit ${g.code}): ${lastLine(g.stderrFile)}` };
    if (i >= 0) (times.node.push(n.wallS), times.gradeev.push(g.wallS));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const nodeS = median(times.node),
    gradeevS = median(times.gradeev);
  return { sample, runs: opts.startupRuns, nodeS, gradeevS, ratio: gradeevS / nodeS };
}

// Checks: how many events a tool reports (or lines it wrote), read from its captured output.
function countFrom(stream, pattern) {
  return (m) => {
    const match = pattern.exec(
      readFileSync(stream === "stdout" ? m.stdoutFile : m.stderrFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .find((l) => pattern.test(l)) ?? "",
    );
    return match ? Number(match[2] ?? match[1]) : null; // for "N events: V valid", the valid count
  };
}
function sumOfLines(stream) {
  return (m) =>
    readFileSync(stream === "stdout" ? m.stdoutFile : m.stderrFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .reduce((sum, line) => sum + Number(line), 0);
}
/** Each line's count by `pattern` (as countFrom), summed: the children side by side each print theirs. */
function sumOfCounts(stream, pattern) {
  return (m) =>
    readFileSync(stream === "stdout" ? m.stdoutFile : m.stderrFile, "utf8")
      .split("\n")
      .map((line) => pattern.exec(line))
      .filter(Boolean)
      .reduce((sum, match) => sum + Number(match[2] ?? match[1]), 0);
}
function linesOf(stream) {
  return (m) => linesIn(stream === "stdout" ? m.stdoutFile : m.stderrFile);
}
function linesIn(path) {
  let n = 0;
  const bytes = readFileSync(path);
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
function lastLine(path) {
  return readFileSync(path, "utf8").trim().split("\n").pop()?.slice(0, 200) ?? "";
}
