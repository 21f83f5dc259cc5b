import { describe, expect, it } from "vitest";
// @ts-expect-error: the bench is plain JavaScript, without types
import { readArgs } from "../bench/lib/args.js";

describe("bench flags", () => {
  it("takes every flag its usage lists, --no-reports and --no-repeats among them", () => {
    const args = readArgs(["--events", "1000", "--no-envelope", "--no-reports", "--no-repeats", "--repeat", "2"]);
    expect(args).toMatchObject({ maxEvents: 1000, envelope: false, reports: false, repeatsEvents: 0, repeat: 2 });
  });

  it("runs everything by default", () => {
    expect(readArgs([])).toMatchObject({ maxEvents: 30000, envelope: true, reports: true, repeatsEvents: 1_000_000 });
  });
});
