/** The position scanner, against JSON.parse as the oracle. */
import { describe, expect, it } from "vitest";
import { mayHoldUnusualNumbers } from "../src/core/locate.js";
import {
  advance,
  startOf,
  locate,
  offsetsInOrder,
  skipValue,
  syntaxErrorOffset,
  valueOffsets,
} from "../src/core/json-scan.js";

const doc = `{
  "a": [1, 2.50, {"b": "x,}]\\"y"}],
  "c\\u0041": {"d": null, "d": -0},
  "e": true
}`;

describe("valueOffsets", () => {
  it("finds many values in any order in one scan, each where locate finds it, missing ones at their deepest ancestor", () => {
    const paths = [
      ["e"],
      ["a", "2", "b"],
      ["cA", "d"],
      [],
      ["a", "2", "missing", "deeper"],
      ["a", "1"],
      ["a", "01"],
      ["a", "9"],
      ["a"],
      ["nope"],
      ["e", "x"],
    ];
    expect(valueOffsets(doc, 0, paths)).toEqual(paths.map((path) => locate(doc, 0, path).offset));
  });

  // Skipping each level's child once per level was quadratic: 100 000 levels took about a minute.
  it.each([
    ["arrays", (d: number) => `${"[".repeat(d)}null${"]".repeat(d)}`, "0"],
    ["objects", (d: number) => `${'{"k":'.repeat(d)}null${"}".repeat(d)}`, "k"],
  ])("finds a value 100 000 levels deep in %s in one pass over the text", (_name, nested, segment) => {
    const depth = 100_000;
    const text = `{"a":1,"x":${nested(depth)},"z":[1]}`;
    const deepest = ["x", ...Array<string>(depth).fill(segment)];
    expect(valueOffsets(text, 0, [deepest, ["z"], ["x"]])).toEqual([text.indexOf("null"), text.indexOf('"z"') + 4, 11]);
  });

  it("starts from the value at `start`", () => {
    const text = `xx ${doc}`;
    expect(valueOffsets(text, 2, [["e"], []])).toEqual([locate(text, 2, ["e"]).offset, locate(text, 2, []).offset]);
  });
});

describe("locate", () => {
  it.each([
    [["a"], '[1, 2.50, {"b": "x,}]\\"y"}]'],
    [["a", "1"], "2.50"],
    [["a", "2", "b"], '"x,}]\\"y"'],
    [["cA", "d"], "-0"], // escaped key, and the last of duplicate keys wins
    [["e"], "true"],
  ])("finds %j", (path, raw) => {
    const { offset, found } = locate(doc, 0, path);
    expect(found).toBe(true);
    expect(doc.slice(offset, skipValue(doc, offset))).toBe(raw);
  });

  it("falls back to the deepest existing ancestor", () => {
    const { offset, found } = locate(doc, 0, ["a", "2", "missing", "deeper"]);
    expect(found).toBe(false);
    expect(doc.slice(offset, skipValue(doc, offset))).toBe('{"b": "x,}]\\"y"}');
  });

  it("survives 200 000 levels of nesting", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(skipValue(deep, 0)).toBe(deep.length);
    expect(locate(`{"x": ${deep}, "y": 1}`, 0, ["y"]).found).toBe(true);
    expect(syntaxErrorOffset("[".repeat(200_000))).toBe(200_000);
  });
});

describe("offsetsInOrder", () => {
  it("agrees with locating each value on its own", () => {
    const text = JSON.stringify([{ data: [1, { x: 2 }, 3] }, { data: [4] }, { other: { data: [5, 6] } }], null, 2);
    const paths = [
      ["0", "data", "0"],
      ["0", "data", "1"],
      ["0", "data", "2"],
      ["1", "data", "0"],
      ["2", "other", "data", "1"],
    ];
    expect(offsetsInOrder(text, paths)).toEqual(paths.map((p) => locate(text, 0, p).offset));
  });
});

describe("advance", () => {
  it("counts lines and line starts forward", () => {
    const text = "ab\ncd\r\nef";
    expect(advance(text, startOf(text, 1), text.indexOf("f"))).toEqual({
      offset: 8,
      line: 3,
      lineStart: 7,
      lineEnd: 9,
    });
  });
});

describe("syntaxErrorOffset", () => {
  it.each([
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["[1, 2", 5],
    ['{"a": "b\tc"}', 6],
    ['{"a": "\\x"}', 6],
    ["[01]", 2],
    ["[1] [2]", 4],
    ["", 0],
    ["[NaN]", 1],
  ])("%j breaks at %i", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(syntaxErrorOffset(text)).toBe(offset);
  });

  it("finds nothing wrong in valid JSON", () => {
    for (const text of [doc, "[]", '{"a":{}}', "-1.5e+3", '"\\u00e9"']) expect(syntaxErrorOffset(text)).toBe(-1);
  });
});

describe("mayHoldUnusualNumbers", () => {
  it.each([
    ['{"score":10.0}', true],
    ['{"a":1,"b":[1E21]}', true],
    ['{"v":12345678901234567890}', true],
    ['{"x":-0}', true],
    ['{"x":1.5000000000000001, "y": 2}', true],
    // Found by profiling: digits inside a timestamp string sent one statement in five down the slow path.
    ['{"timestamp":"2024-04-01T10:00:48.130Z","score":{"raw":42,"max":50}}', false],
    ['{"id":"9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c401","n":7}', false],
  ])("%s → %s", (text, expected) => {
    expect(mayHoldUnusualNumbers(text)).toBe(expected);
  });
});
