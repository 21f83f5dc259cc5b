// The commands measured, and which of them this machine can run. Every tool is a child process, the
// floor included, so each pays its own start-up and is timed the same way.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { JQ } from "./flatten.js";

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url));
export const ROOT = here("../../");
const GRADEEV = here("../../bin/gradeev.js");
const node = (script, args) => ({ exe: process.execPath, args: [script, ...args], node: true });

/** What is there: jq, gradeev's --jobs per command, the xAPI reference validator, DuckDB. */
export function detectTools() {
  const help = (command) =>
    spawnSync(process.execPath, [GRADEEV, command, "--help"], { encoding: "utf8" }).stdout ?? "";
  const jq = spawnSync("jq", ["--version"], { encoding: "utf8" });
  let xapiValidation = null;
  try {
    xapiValidation = createRequire(import.meta.url).resolve("@learninglocker/xapi-validation");
  } catch {
    /* reported as skipped */
  }
  // The DuckDB child resolves the package from bench/ (so from the project's node_modules) and exits 4 without it.
  const duck = spawnSync(process.execPath, [here("../children/duckdb.js"), "--probe"], { encoding: "utf8" });
  return {
    jq: jq.status === 0 ? jq.stdout.trim() : null,
    jobs: { validate: /--jobs\b/.test(help("validate")), convert: /--jobs\b/.test(help("convert")) },
    report: /^\s+report \[options\]/m.test(
      spawnSync(process.execPath, [GRADEEV, "--help"], { encoding: "utf8" }).stdout ?? "",
    ),
    xapiValidation: xapiValidation !== null,
    duckdb: duck.status === 0 ? duck.stdout.trim() : null,
  };
}

export const commands = {
  floor: (file) => node(here("../children/floor.js"), [file]),
  floorSchema: (file) => node(here("../children/floor-schema.js"), [file]),
  floorRules: (file, { csv = false } = {}) =>
    node(here("../children/floor-rules.js"), [file, ...(csv ? ["--csv"] : [])]),
  // `copies` children started at once by sh, which costs next to nothing; each prints its count. Each
  // is waited for by its pid, so that one that fails fails the whole (a bare `wait` returns 0).
  // `split`: each child reads its own part of the file (`--part K/N`, see children/lines.js) rather
  // than the whole, as --jobs splits it.
  sideBySide: (copies, file, { script = "floor.js", args = [], split = false } = {}) => ({
    exe: "sh",
    args: [
      "-c",
      `pids=; for i in $(seq 0 ${copies - 1}); do "$0" "$@" ${split ? `--part "$i/${copies}"` : ""} & pids="$pids $!"; done; rc=0; for p in $pids; do wait "$p" || rc=$?; done; exit $rc`,
      process.execPath,
      here(`../children/${script}`),
      file,
      ...args,
    ],
  }),
  nodeNoop: () => ({ exe: process.execPath, args: ["-e", "0"] }),
  // jobs: undefined when the CLI has no --jobs (then nothing is passed).
  validate: (file, jobs) => node(GRADEEV, ["validate", file, ...(jobs ? ["--jobs", String(jobs)] : [])]),
  validateFormat: (file, format) => node(GRADEEV, ["validate", file, "--format", format]),
  convert: (file, out, jobs) =>
    node(GRADEEV, ["convert", file, "--to", "csv", "-o", out, ...(jobs ? ["--jobs", String(jobs)] : [])]),
  convertWith: (file, out, args) => node(GRADEEV, ["convert", file, "-o", out, ...args]),
  report: (file, out) => node(GRADEEV, ["report", file, "-o", out]),
  jq: (profile, file) => ({ exe: "jq", args: ["-r", JQ[profile], file] }),
  xapiValidation: (file) => node(here("../children/xapi-validation.js"), [file]),
  duckdb: (profile, file, out, threads) => node(here("../children/duckdb.js"), [profile, file, out, String(threads)]),
};
