/**
 * gradeev as the map step of a real distributed engine (examples/dask): a Dask LocalCluster with two
 * worker processes runs one gradeev per part of a generated corpus, and the merged outputs must be
 * those of one `gradeev convert` over the same folder: the CSV and rejects byte for byte, the JSON
 * report equal in every field (it holds no timings or other field that could differ). The Spark and
 * Kubernetes recipes' own code (the task's function and merge; the pod's script and merge step, which
 * need bash and curl) is held to the same, without its engine. Needs a Python that imports Dask
 * distributed (Debian's python3-distributed; .ci/run installs it): run by `npm run test:distributed`
 * alone (vitest.distributed.config.ts), since starting a cluster takes seconds.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, scratchFolder } from "./helpers.js";

/** The first interpreter that imports distributed: $PYTHON, python3, then Debian's own. */
function pythonWithDask(): string {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  const found = candidates.find((python) => spawnSync(python, ["-c", "import distributed"]).status === 0);
  if (found === undefined)
    throw new Error(
      `none of ${candidates.join(", ")} imports distributed: install Debian's python3-distributed (.ci/run does), or set PYTHON`,
    );
  return found;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the project's root; `stdout`: a file descriptor to give it as standard output. */
function run(command: string, args: string[], stdout?: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", stdout ?? "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: out, stderr }));
  });
}

/** A word for a shell-like split (Python's shlex): quoted, so that any path stays one word. */
const quoted = (word: string) => `'${word.replaceAll("'", `'"'"'`)}'`;

const sample = (path: string) => readFileSync(join(ROOT, path), "utf8");
const linesOf = (path: string) =>
  sample(path)
    .split("\n")
    .filter((line) => line.trim() !== "");
const compact = (path: string) => JSON.stringify(JSON.parse(sample(path)));

/** A statement made distinct by its number: its id and score, so that rows out of order show. */
function numbered(line: string, n: number): string {
  const statement = JSON.parse(line) as { id?: string; result?: { score?: { raw?: number } } };
  statement.id = `6f0d3c2a-1b4e-4c5d-8e9f-${n.toString(16).padStart(12, "0")}`;
  if (statement.result?.score?.raw !== undefined) statement.result.score.raw = n % 50;
  return JSON.stringify(statement);
}

const PART_SIZE = 48 * 1024;

/**
 * The corpus: an LRS export of NDJSON with invalid, unparsable, unrecognised and blank lines and
 * documents over many lines among them (split into several parts); a small NDJSON file in a
 * sub-folder, split too; a gzipped NDJSON file, a pretty envelope larger than a part and a broken
 * JSON document (each read whole); and a file the folder rule leaves out.
 */
function writeCorpus(folder: string): void {
  const xapi = linesOf("samples/valid/xapi-score/lrs-export-mixed-scores.ndjson");
  const brightspace = linesOf("samples/valid/brightspace-grade/every-verb-and-grade-type.ndjson");
  const invalid = [
    compact("samples/invalid/xapi-score/no-learner--anonymous-group.json"),
    compact("samples/invalid/caliper-grade-event/no-course.json"),
  ];
  const pretty = JSON.stringify(
    JSON.parse(sample("samples/valid/xapi-score/adlnet-scorm-profile-scored-scaled-only.json")),
    null,
    2,
  );
  const lrs: string[] = [];
  for (let n = 0; lrs.join("\n").length < 8 * PART_SIZE; n++) {
    lrs.push(numbered(xapi[n % xapi.length]!, n));
    if (n % 7 === 3) lrs.push(invalid[n % 2]!);
    if (n % 11 === 5) lrs.push(`{"id": "broken-${n}", "actor": {"mbox": "mailto:learner-${n}@example.org"}, "verb":`);
    if (n % 9 === 4) lrs.push(`{"hello": "world", "n": ${n}}`);
    if (n % 5 === 1) lrs.push(n % 10 === 1 ? "" : "   ");
    if (n % 13 === 6) lrs.push(pretty);
  }
  writeFileSync(join(folder, "a-lrs-export.ndjson"), lrs.join("\n") + "\n");

  const nightly = linesOf("samples/valid/bb-calculated-grade/nightly-envelopes.ndjson");
  writeFileSync(
    join(folder, "b-nightly.ndjson.gz"),
    gzipSync(Array.from({ length: 40 }, (_, n) => nightly[n % nightly.length]).join("\n") + "\n"),
  );

  mkdirSync(join(folder, "b-sub"));
  const sub = Array.from({ length: 120 }, (_, n) =>
    n % 17 === 8 ? "{not json" : brightspace[n % brightspace.length]!,
  );
  writeFileSync(join(folder, "b-sub", "e.jsonl"), sub.join("\r\n")); // CRLF, and no line feed at the end

  const envelope = JSON.parse(sample("samples/valid/bb-calculated-grade/blackboard-docs-v1p1-envelope.json")) as {
    data: unknown[];
  };
  envelope.data = Array.from(
    { length: 3 * Math.ceil(PART_SIZE / JSON.stringify(envelope.data).length) },
    () => envelope.data,
  ).flat();
  writeFileSync(join(folder, "c-envelope.json"), JSON.stringify(envelope, null, 2) + "\n");

  writeFileSync(join(folder, "d-broken.json"), sample("samples/invalid/input/json-syntax--smart-quotes.json"));
  writeFileSync(join(folder, "notes.txt"), "not an event file: the folder rule leaves it out\n");
}

interface Placed {
  name: string;
  start: number;
  end: number | null;
  first_line: number;
  first_index: number;
  code: number;
  worker: string;
}

describe("examples/dask on a LocalCluster of two worker processes", () => {
  let corpus = "";
  let whole: Ran;
  let wholeFolder = "";
  let recipe: Ran;
  let out = "";
  let python = "";

  beforeAll(async () => {
    python = pythonWithDask();
    const folder = scratchFolder("distributed");
    corpus = join(folder, "corpus");
    mkdirSync(corpus);
    writeCorpus(corpus);
    wholeFolder = join(folder, "whole");
    mkdirSync(wholeFolder);
    out = join(folder, "out");
    const records = openSync(join(wholeFolder, "grades.csv"), "w");
    [whole, recipe] = await Promise.all([
      run(
        process.execPath,
        [
          BIN,
          "convert",
          corpus,
          "--to",
          "csv",
          "--rejects",
          join(wholeFolder, "rejects.ndjson"),
          "--format",
          "json",
          "--report",
          join(wholeFolder, "report.json"),
        ],
        records,
      ),
      run(python, [
        "examples/dask/gradeev_dask.py",
        corpus,
        "--out",
        out,
        "--part-size",
        `${PART_SIZE}B`,
        "--workers",
        "2",
        "--gradeev",
        `${quoted(process.execPath)} ${quoted(BIN)}`,
      ]),
    ]);
    closeSync(records);
  });

  it("splits the NDJSON files into parts at line starts, and reads every other file whole", () => {
    expect(recipe.stderr).toBe("");
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as Placed[];
    const named = (name: string) => plan.filter((part) => part.name === join(corpus, ...name.split("/")));
    // In gradeev's order (names' bytes, a sub-folder in its place), each file's parts together.
    const runs = plan.map((part) => part.name).filter((name, k, names) => k === 0 || names[k - 1] !== name);
    expect(runs).toEqual(
      ["a-lrs-export.ndjson", "b-nightly.ndjson.gz", "b-sub/e.jsonl", "c-envelope.json", "d-broken.json"].map((name) =>
        join(corpus, ...name.split("/")),
      ),
    );
    for (const name of ["b-nightly.ndjson.gz", "c-envelope.json", "d-broken.json"])
      expect(named(name).map((part) => [part.start, part.end])).toEqual([[0, null]]);
    for (const [name, least] of [
      ["a-lrs-export.ndjson", 6],
      ["b-sub/e.jsonl", 2],
    ] as const) {
      const parts = named(name);
      expect(parts.length).toBeGreaterThanOrEqual(least);
      const bytes = readFileSync(join(corpus, ...name.split("/")));
      expect(parts[0]!.start).toBe(0);
      expect(parts.at(-1)!.end).toBe(bytes.length);
      for (const [k, part] of parts.entries()) {
        if (k > 0) expect(part.start).toBe(parts[k - 1]!.end);
        // Each part starts a line, and knows its number in the file.
        if (k > 0) expect(bytes[part.start - 1]).toBe(0x0a);
        expect(part.first_line).toBe(bytes.subarray(0, part.start).filter((b) => b === 0x0a).length + 1);
      }
      expect(parts.at(-1)!.first_index).toBeGreaterThan(0);
    }
    // Both worker processes ran parts.
    expect(new Set(plan.map((part) => part.worker)).size).toBe(2);
  });

  it("exits as one gradeev convert over the same folder does", () => {
    expect(whole.code).toBe(1);
    expect(recipe.code).toBe(whole.code);
  });

  it("writes the CSV and the rejects of one gradeev convert, byte for byte", () => {
    const csv = readFileSync(join(wholeFolder, "grades.csv"));
    const rejects = readFileSync(join(wholeFolder, "rejects.ndjson"));
    // Enough of both that a part out of place, or a line or index not moved, shows.
    expect(csv.toString().split("\n").length).toBeGreaterThan(500);
    expect(rejects.toString().trimEnd().split("\n").length).toBeGreaterThan(30);
    expect(readFileSync(join(out, "grades.csv")).equals(csv)).toBe(true);
    expect(readFileSync(join(out, "rejects.ndjson")).toString()).toBe(rejects.toString());
  });

  it("writes the JSON report of one gradeev convert: summary and every diagnostic, in order", () => {
    expect(whole.stderr).toBe("");
    const report = JSON.parse(readFileSync(join(wholeFolder, "report.json"), "utf8")) as {
      summary: { invalid: number; bytes: number; lines: number };
    };
    expect(report.summary.invalid).toBeGreaterThan(30);
    // What was read: every byte of the event files, as stored (the gzip file's compressed).
    const files = [
      "a-lrs-export.ndjson",
      "b-nightly.ndjson.gz",
      "b-sub/e.jsonl",
      "c-envelope.json",
      "d-broken.json",
    ].map((name) => readFileSync(join(corpus, ...name.split("/"))));
    expect(report.summary.bytes).toBe(files.reduce((sum, bytes) => sum + bytes.length, 0));
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8"))).toEqual(report);
  });
});

describe("examples/dask when a part cannot run", () => {
  it("exits 2 with one line, and writes nothing", async () => {
    const folder = scratchFolder("distributed-fails");
    writeFileSync(
      join(folder, "a.json"),
      sample("samples/valid/xapi-score/adlnet-scorm-profile-scored-scaled-only.json"),
    );
    const out = join(folder, "out");
    // An option gradeev does not know: a usage error, exit 2, every time the part is tried.
    const gradeev = `${quoted(process.execPath)} ${quoted(BIN)} --no-such-option`;
    const failed = await run(pythonWithDask(), [
      "examples/dask/gradeev_dask.py",
      folder,
      "--out",
      out,
      "--workers",
      "2",
      "--retries",
      "1",
      "--gradeev",
      gradeev,
    ]);
    expect(failed.code).toBe(2);
    expect(failed.stderr.trim().split("\n")).toHaveLength(1);
    expect(failed.stderr).toMatch(
      /^gradeev_dask: gradeev exited 2 on .*a\.json: error: unknown option '--no-such-option'/,
    );
    expect(readdirSync(out)).toEqual([]);
  });
});

/** The event files of the corpus, in gradeev's order. */
const EVENT_FILES = ["a-lrs-export.ndjson", "b-nightly.ndjson.gz", "b-sub/e.jsonl", "c-envelope.json", "d-broken.json"];

describe("the Spark and Kubernetes recipes' own code, run without their engine", () => {
  let corpus = "";
  let folder = "";
  let whole: Ran;
  // A folder with a `gradeev` command on it, as the pods' image has.
  let bin = "";

  beforeAll(async () => {
    folder = scratchFolder("recipes");
    corpus = join(folder, "corpus");
    mkdirSync(corpus);
    writeCorpus(corpus);
    mkdirSync(join(folder, "whole"));
    const records = openSync(join(folder, "whole", "grades.csv"), "w");
    whole = await run(
      process.execPath,
      [
        BIN,
        "convert",
        corpus,
        "--to",
        "csv",
        "--rejects",
        join(folder, "whole", "rejects.ndjson"),
        "--format",
        "json",
        "--report",
        join(folder, "whole", "report.json"),
      ],
      records,
    );
    closeSync(records);
    expect(whole.code).toBe(1);
    bin = join(folder, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "gradeev"), `#!/bin/sh\nexec ${quoted(process.execPath)} ${quoted(BIN)} "$@"\n`, {
      mode: 0o755,
    });
  });

  /** The merged outputs in `out` are one run's: CSV and rejects byte for byte, the report equal. */
  function expectOneRun(out: string): void {
    expect(readFileSync(join(out, "grades.csv")).equals(readFileSync(join(folder, "whole", "grades.csv")))).toBe(true);
    expect(readFileSync(join(out, "rejects.ndjson"), "utf8")).toBe(
      readFileSync(join(folder, "whole", "rejects.ndjson"), "utf8"),
    );
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8"))).toEqual(
      JSON.parse(readFileSync(join(folder, "whole", "report.json"), "utf8")),
    );
  }

  it("the Spark task's function over each file, then its merge, give one run's outputs and exit code", async () => {
    const out = join(folder, "spark");
    // The files as binaryFiles hands them over, in no particular order: the merge puts them in gradeev's.
    const driver = [
      "import shlex, sys",
      "sys.path[:0] = ['examples', 'examples/spark']",
      "import gradeev_spark",
      "gradeev, out, paths = shlex.split(sys.argv[1]), sys.argv[2], sys.argv[3:]",
      "files = [(path, open(path, 'rb').read()) for path in paths]",
      "results = list(gradeev_spark.run_files(gradeev)(iter(files)))",
      "sys.exit(gradeev_spark.merge_results(gradeev, results, out))",
    ].join("\n");
    const files = [...EVENT_FILES].reverse().map((name) => join(corpus, ...name.split("/")));
    const spark = await run(pythonWithDask(), [
      "-c",
      driver,
      `${quoted(process.execPath)} ${quoted(BIN)}`,
      out,
      ...files,
    ]);
    expect(spark.stderr).toBe("");
    expect(spark.code).toBe(whole.code);
    expectOneRun(out);
  });

  it("the Kubernetes pod's script for each line of a manifest, then the merge step, give one run's outputs and exit code", async () => {
    const parts = join(folder, "parts");
    const out = join(folder, "kubernetes");
    mkdirSync(parts);
    mkdirSync(out);
    const manifest = join(folder, "manifest.tsv");
    writeFileSync(
      manifest,
      EVENT_FILES.map(
        (name) => `${join(corpus, ...name.split("/"))}\tfile://${join(corpus, ...name.split("/"))}\n`,
      ).join(""),
    );
    const env = { MANIFEST: manifest, PARTS: parts, OUT: out, PATH: `${bin}:${process.env.PATH ?? ""}` };
    const bash = (script: string, index?: number) =>
      new Promise<Ran>((resolve, reject) => {
        const child = spawn("bash", [join(ROOT, "examples", "kubernetes", script)], {
          env: { ...process.env, ...env, ...(index !== undefined && { JOB_COMPLETION_INDEX: String(index) }) },
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout: "", stderr }));
      });
    for (const [index] of EVENT_FILES.entries()) {
      const pod = await bash("run-part.sh", index);
      expect([pod.code, pod.stderr]).toEqual([0, ""]);
    }
    const merged = await bash("merge.sh");
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(whole.code);
    expectOneRun(out);
  });
});

describe("the recipes run one command line", () => {
  it("the Spark and Kubernetes recipes run gradeev as the Dask recipe does", () => {
    const python = pythonWithDask();
    const rendered = spawnSync(
      python,
      [
        "-c",
        "import sys; sys.path.insert(0, 'examples'); import gradeev_parts; print(' '.join(gradeev_parts.part_command('$NAME', '$FIRST_LINE', '$FIRST_INDEX', '$FIRST_BYTE', '$REPORT', '$REJECTS')))",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(rendered.status).toBe(0);
    expect(rendered.stdout).toMatch(/^convert - .*--exit-zero/);
    // The Kubernetes pod's script spells it out, quoting its variables.
    const pod = sample("examples/kubernetes/run-part.sh")
      .split("\n")
      .filter((line) => /^\s*gradeev convert -/.test(line));
    expect(pod).toHaveLength(1);
    expect(pod[0]!.trim().replaceAll('"', "").replace(/ <.*$/, "")).toBe(`gradeev ${rendered.stdout.trim()}`);
    // Spark and Dask call the one function that builds it.
    for (const path of ["examples/spark/gradeev_spark.py", "examples/dask/gradeev_dask.py"]) {
      const text = sample(path);
      expect(text).toMatch(/gradeev_parts\.run_part\(/);
      expect(text).not.toMatch(/["']convert["']/);
    }
  });
});
