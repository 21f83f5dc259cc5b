/**
 * The samples are the spec: every file under samples/ is run through the library, its records and
 * diagnostics are compared with the goldens beside it, and its folder says what it must show:
 * - samples/valid/<profile>/…      every event valid, recognised by <profile>, at least one record;
 * - samples/invalid/<profile>/<rule>[--detail].…  at least one error with code <RULE>, from <profile>
 *   (the folders `caliper` and `xapi` hold breaches of a standard's base rules, whatever the profile,
 *   and `input` problems no profile sees: syntax and read errors);
 * - samples/unrecognised/…         events no profile knows: no record, no error;
 * - samples/entities/…             Caliper entity describes: no event at all, no error.
 * Goldens are rewritten with `npm run test:update`; under CI a missing golden fails.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { convert, grade, profiles, readInputs, recordsWritten } from "../src/index.js";
import { rejectLine } from "../src/write/rejects.js";
import { goldenBase, NOT_PROFILES, recordsAs, ROOT, sampleFiles, validateText } from "./helpers.js";

const samples = sampleFiles();

describe.each(samples)("%s", (sample) => {
  const [, category, folder] = sample.split("/");
  const base = goldenBase(sample);

  it("gives its golden records and diagnostics", async () => {
    const { records, diagnostics, summary } = await convert([sample]);
    await expect(await recordsAs("csv", records)).toMatchFileSnapshot(`${ROOT}/${base}.csv`);
    await expect(validateText(diagnostics, summary)).toMatchFileSnapshot(`${ROOT}/${base}.diagnostics.txt`);
  });

  it("accounts for every event in the records and the rejects file: read = written + rejected + unrecognised", async () => {
    const run = grade(readInputs([sample]));
    let written = 0;
    const rejected: string[] = [];
    for await (const item of run.items) {
      if (item.kind === "record") written++;
      else if (item.kind === "reject") rejected.push(rejectLine(item));
    }
    const unrecognised = rejected.filter(
      (line) => (JSON.parse(line) as { reason: string }).reason === "unrecognised",
    ).length;
    expect(run.summary.events).toBe(written + (rejected.length - unrecognised) + unrecognised);
    expect(unrecognised).toBe(run.summary.unrecognised);
    expect(written).toBe(recordsWritten(run.summary));
  });

  it("accounts for every event: events = valid + invalid + unrecognised", async () => {
    const { records, summary } = await convert([sample]);
    expect(summary.events).toBe(summary.valid + summary.invalid + summary.unrecognised);
    expect(records).toHaveLength(summary.valid);
    expect(summary.events + summary.describes).toBeGreaterThan(0);
  });

  if (category === "valid")
    it(`is valid and recognised as ${folder}`, async () => {
      const { records, diagnostics, summary } = await convert([sample]);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(summary.invalid).toBe(0);
      expect(records.length).toBeGreaterThan(0); // mixed batches may also hold events that are not grades
      const registered = profiles.some((profile) => profile.id === folder);
      for (const record of records)
        expect(
          record.profile,
          registered
            ? `read by ${record.profile}: put ${folder} before it in src/profiles/index.ts (order is precedence) or narrow its detect, then rewrite this sample's goldens (CONTRIBUTING.md, "Adding a profile", step "Registry")`
            : `read by ${record.profile}: no profile in src/profiles/index.ts is ${folder} (CONTRIBUTING.md, "Adding a profile", step "Registry")`,
        ).toBe(folder);
    });

  if (category === "invalid") {
    const rule = basename(base).split("--")[0]!.toUpperCase().replaceAll("-", "_");
    it(`breaks rule ${rule}${folder === "input" ? "" : ` of ${folder}`}`, async () => {
      const { diagnostics } = await convert([sample]);
      const errors = diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.code)).toContain(rule);
      if (!NOT_PROFILES.has(folder!))
        expect(errors.filter((d) => d.code === rule).map((d) => d.profile)).toContain(folder);
    });
  }

  if (category === "entities")
    it("holds entity describes only: no event, no error", async () => {
      const { diagnostics, summary } = await convert([sample]);
      expect(summary.events).toBe(0);
      expect(summary.describes).toBeGreaterThan(0);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });

  if (category === "unrecognised")
    it("holds no grade event and no error", async () => {
      const { records, diagnostics, summary } = await convert([sample]);
      expect(records).toEqual([]);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(summary.unrecognised).toBeGreaterThan(0);
    });
});

describe("the samples folder", () => {
  it("has samples of every kind", () => {
    const categories = new Set(samples.map((s) => s.split("/")[1]));
    expect([...categories].sort()).toEqual(["entities", "invalid", "unrecognised", "valid"]);
  });

  it("has no golden without its sample", async () => {
    const { readdirSync } = await import("node:fs");
    const { join, relative } = await import("node:path");
    const goldens = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? goldens(join(dir, e.name))
          : /\.(csv|diagnostics\.txt)$/.test(e.name)
            ? [join(dir, e.name)]
            : [],
      );
    const bases = new Set(samples.map(goldenBase));
    for (const golden of goldens(`${ROOT}/samples`)) {
      const base = relative(ROOT, golden).replace(/\.(csv|diagnostics\.txt)$/, "");
      expect(bases.has(base) && existsSync(golden), `${golden} has no sample`).toBe(true);
    }
  });
});
