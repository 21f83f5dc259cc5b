/** The summary's tally of unrecognised kinds stays small whatever the input: few kinds, and short names. */
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { counts, countKind, MAX_KIND_LENGTH, MAX_KINDS, OTHER_KINDS } from "../src/core/tally.js";

describe("the tally of unrecognised kinds", () => {
  it("names a kind by at most MAX_KIND_LENGTH characters, two long ones that share their start still two", () => {
    const kinds = counts();
    const verb = "xAPI statement, verb https://example.com/" + "v".repeat(1 << 20);
    countKind(kinds, `${verb}a`, 1);
    countKind(kinds, `${verb}b`, 2);
    countKind(kinds, `${verb}a`, 3);
    const names = Object.keys(kinds);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(MAX_KIND_LENGTH);
    expect(names[0]).toMatch(/^xAPI statement, verb https:\/\/example\.com\/v+… \(1048618 characters, #[0-9a-f]{8}\)$/);
    expect(Object.values(kinds)).toEqual([4, 2]);
  });

  it("leaves a short kind as it is, and counts past MAX_KINDS under OTHER_KINDS", () => {
    const kinds = counts();
    for (let i = 0; i < MAX_KINDS + 5; i++) countKind(kinds, `Caliper Event (${i})`, 1);
    expect(kinds["Caliper Event (0)"]).toBe(1);
    expect(kinds[OTHER_KINDS]).toBe(5);
  });
});

describe("a kind's name in a diagnostic", () => {
  it("--fail-on-unknown names a kind of a 1 MB verb as the tally does, not by the megabyte", async () => {
    const verb = `https://example.com/${"v".repeat(1 << 20)}`;
    const event = {
      actor: { mbox: "mailto:a@example.com" },
      verb: { id: verb },
      object: { id: "https://example.com/o" },
    };
    const result = await runCli(["validate", "-", "--fail-on-unknown"], { input: `${JSON.stringify(event)}\n` });
    expect(result.code).toBe(1);
    const line = result.stdout.split("\n").find((l) => l.includes("UNRECOGNISED"))!;
    expect(line).toMatch(/… \(1048617 characters, #[0-9a-f]{8}\)\) \(event #0, at \/\)$/);
    expect(line.length).toBeLessThan(MAX_KIND_LENGTH + 200);
  });
});

describe("a diagnostic quoting a long text", () => {
  it("quotes a key of 1 MB by its start, length and hash: each placeholder at most MAX_KIND_LENGTH characters", async () => {
    const key = `k${"x".repeat(1 << 20)}`;
    const event = {
      actor: { mbox: "mailto:a@example.com" },
      verb: { id: "https://example.com/v" },
      object: { id: "https://example.com/o" },
      [key]: 1,
    };
    const result = await runCli(["validate", "-", "--format", "json"], { input: `${JSON.stringify(event)}\n` });
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { code: string; message: string }[] };
    const unknown = diagnostics.find((d) => d.code === "XAPI_UNKNOWN_PROPERTY")!;
    expect(unknown.message).toMatch(/^kx+… \(1048577 characters, #[0-9a-f]{8}\) is not a property of a Statement/);
    expect(unknown.message.length).toBeLessThan(MAX_KIND_LENGTH + 300);
  });
});
