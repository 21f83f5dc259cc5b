/**
 * The layers of src/ that CONTRIBUTING.md's map describes: a folder imports only from the layers
 * below it, so that the checker never depends on how its results are read in, written or reported.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const SRC = join(ROOT, "src");

/** What each folder of src/ must not import (CONTRIBUTING.md, "The map"). */
const FORBIDDEN: Record<string, readonly string[]> = {
  core: ["read", "write", "report", "run", "parallel", "cli"],
  standards: ["write", "report", "run", "parallel", "cli"],
  profiles: ["read", "write", "report", "run", "parallel", "cli"],
  read: ["profiles", "write", "report", "run", "parallel", "cli"],
  write: ["report", "run", "parallel", "cli"],
  report: ["run", "parallel", "cli"],
  repeats: ["read", "write", "report", "run", "parallel", "cli"],
  "html-report": ["read", "write", "report", "parallel", "cli"],
  run: ["cli"],
  parallel: ["cli"],
};

/** The top folder under src/ of a path relative to src/, or "" for a file of src/ itself. */
function layer(path: string): string {
  return path.includes("/") ? path.slice(0, path.indexOf("/")) : "";
}

function imports(): { from: string; to: string }[] {
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.split("\\").join("/"));
  return files.flatMap((file) =>
    [...readFileSync(join(SRC, file), "utf8").matchAll(/(?:from\s+|import\s*\()\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => ({
      from: file,
      to: relative(SRC, join(SRC, dirname(file), m[1]!))
        .split("\\")
        .join("/"),
    })),
  );
}

describe("the layers of src/", () => {
  const all = imports();

  it("finds the imports it checks", () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it("imports nothing from a layer above", () => {
    const wrong = all
      .filter(({ from, to }) => (FORBIDDEN[layer(from)] ?? []).includes(layer(to)))
      .map(({ from, to }) => `${from} imports ${to}`);
    expect(wrong).toEqual([]);
  });

  it("leaves src/cli/ to the command line: nothing else imports it", () => {
    expect(
      all
        .filter(({ from, to }) => layer(to) === "cli" && layer(from) !== "cli")
        .map(({ from, to }) => `${from} imports ${to}`),
    ).toEqual([]);
  });
});
