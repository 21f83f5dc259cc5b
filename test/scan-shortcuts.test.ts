/**
 * The position scanner's shortcuts against the plain scan they stand for: strings skipped by
 * searching for their closing quote, and objects left as soon as their wanted children are found
 * when the text's survey shows no key repeats. A shortcut taken wrongly moves a diagnostic's column.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../src/index.js";
import { childOffset, locate, offsetsInOrder, skipString, valueOffsets } from "../src/core/json-scan.js";
import { scratchFolder } from "./helpers.js";

/** The character loop skipString replaced: a backslash escapes the character after it. */
function skipStringByCharacters(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === '"') return j + 1;
  }
  return text.length;
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("skipString", () => {
  it("ends a string where the character loop does, whatever runs of backslashes precede its quotes", () => {
    const next = random(1);
    const alphabet = ['"', "\\", "\\", "a", ":"];
    for (let n = 0; n < 20_000; n++) {
      const body = Array.from(
        { length: Math.floor(next() * 12) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join("");
      const text = `x"${body}`;
      expect(skipString(text, 1), JSON.stringify(text)).toBe(skipStringByCharacters(text, 1));
    }
  });

  it("does not count a backslash before the string's own quote", () => {
    expect(skipString('\\"ab"', 1)).toBe(5);
    expect(skipString('"\\\\"x"', 0)).toBe(4);
    expect(skipString('"\\"x"', 0)).toBe(5);
    expect(skipString('"unterminated\\"', 0)).toBe(15);
  });
});

/** A JSON value with unique keys everywhere, strings full of escapes, colons and quotes. */
function uniqueKeyed(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.3) {
    const scalars = [1, -0.5, null, true, 'a "quoted": \\ "k":1,', "x:10.0,", "\u00e9\n", 12345678901234567];
    return scalars[Math.floor(next() * scalars.length)];
  }
  const size = Math.floor(next() * 5);
  if (pick < 0.55) return Array.from({ length: size }, () => uniqueKeyed(next, depth + 1));
  const object: Record<string, unknown> = {};
  const keys = ["a", "b", 'q"t', "s/l", "t~", "\u00e9", "k:"];
  for (let k = 0; k < size; k++) object[keys[Math.floor(next() * keys.length)]!] = uniqueKeyed(next, depth + 1);
  return object;
}

/** Every path in `value`, and a missing child of each object and array. */
function pathsIn(value: unknown, path: string[] = []): string[][] {
  const paths = [path];
  if (typeof value !== "object" || value === null) return paths;
  for (const [key, child] of Object.entries(value)) paths.push(...pathsIn(child, [...path, key]));
  paths.push([...path, "missing"], [...path, "9"]);
  return paths;
}

describe("unique keys: the first match is the last", () => {
  it("valueOffsets, locate, childOffset and offsetsInOrder find what the full scan finds", () => {
    const next = random(2);
    for (let n = 0; n < 300; n++) {
      const value = { root: uniqueKeyed(next, 0), after: [1] };
      const pretty = next() < 0.5;
      const text = JSON.stringify(value, null, pretty ? 2 : undefined);
      const paths = pathsIn(value);
      expect(valueOffsets(text, 0, paths, true)).toEqual(valueOffsets(text, 0, paths));
      for (const path of paths) {
        expect(locate(text, 0, path, true)).toEqual(locate(text, 0, path));
        expect(childOffset(text, 0, path[0] ?? "root", true)).toBe(childOffset(text, 0, path[0] ?? "root"));
      }
      const inOrder = paths.filter((path) => !path.includes("missing") && !path.includes("9"));
      expect(offsetsInOrder(text, inOrder, true)).toEqual(offsetsInOrder(text, inOrder));
    }
  });
});

describe("a repeated key is never taken for a unique one", () => {
  const folder = scratchFolder("scan-shortcuts");
  const head =
    '"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://example.com/a"},';
  const tail = ',"result":{"score":{"raw":1,"max":2}}';
  // The first timestamp is valid, the last (the one JSON.parse keeps) is not: the diagnostic must point at the last.
  it.each([
    ["no space", `{${head}"timestamp":"2024-05-02T14:03:00.000Z","timestamp":"not a time"${tail}}`],
    ["a space before the colon", `{${head}"timestamp" :"2024-05-02T14:03:00.000Z","timestamp":"not a time"${tail}}`],
    [
      "a space before the last colon",
      `{${head}"timestamp":"2024-05-02T14:03:00.000Z","timestamp" :"not a time"${tail}}`,
    ],
    ["a tab before the colon", `{${head}"timestamp"\t:"2024-05-02T14:03:00.000Z","timestamp"\t: "not a time"${tail}}`],
    [
      "a string holding the key and a colon",
      `{"note":"\\"timestamp\\":1",${head}"timestamp":"2024-05-02T14:03:00.000Z","timestamp":"not a time"${tail}}`,
    ],
    [
      "CRLF lines",
      `{\r\n${head}\r\n"timestamp"\r\n:\r\n"2024-05-02T14:03:00.000Z",\r\n"timestamp"\r\n: "not a time"${tail}\r\n}\r\n`,
    ],
  ])("%s", async (_name, text) => {
    const file = join(folder, "event.json");
    writeFileSync(file, text);
    const { diagnostics } = await convert([file]);
    const wrong = diagnostics.find((d) => d.code === "XAPI_TIMESTAMP");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"not a time"'));
    expect(wrong).toMatchObject({ line: line + 1, column: lines[line]!.indexOf('"not a time"') + 1 });
    expect(diagnostics.some((d) => d.code === "DUPLICATE_KEY")).toBe(true);
  });
});
