/** The one pass over each parsed text: its answers, and that "plain numbers" is never wrong. */
import { describe, expect, it } from "vitest";
import { surveyText } from "../src/core/text-survey.js";
import { seededPick } from "./seeded.js";

const survey = (text: string) => surveyText(text, JSON.parse(text));

describe("surveyText: unusual numbers", () => {
  it.each([
    ['{"score":10.0}', true],
    ['{"score" : 10.50 , "x": 1}', true],
    ['{"a":1,"b":{"c":1E21}}', true],
    // Texts with spaces, which the colon scan answers (compact ones are answered exactly: compact-text.test.ts).
    ['{"a": 1, "b": [1]}', true], // a number in an array: not after a colon, so not looked at, so not known plain
    ["[ 2.5 ]", true],
    ['{"v":12345678901234567890}', true],
    ['{"x":-0}', true],
    ['{"x":-0.0}', true],
    ['{"x":1.5000000000000001, "y": 2}', true],
    ['{"x":\n  -1e-7\n}', true],
    ['{"score":{"raw":42,"max":50,"scaled":0.84},"n":-3}', false],
    ['{"x":0,"y":-0.5,"z":100}', false],
    // Found by profiling: digits inside a timestamp string sent one statement in five down the slow path.
    ['{"timestamp":"2024-04-01T10:00:48.130Z","score":{"raw":42,"max":50}}', false],
    ['{"id":"9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c401","n":7}', false],
    // A string that looks like a member with an unusual number: a false hit, which only costs time.
    ['{"note": "a: 1.50, b", "n": 7}', true],
  ])("%s → %s", (text, expected) => {
    expect(survey(text).unusualNumbers).toBe(expected);
  });
});

describe("surveyText: keys that may repeat", () => {
  it.each([
    ['{"a":1,"b":{"c":2}}', false],
    ['{"a":1,"a":2}', true],
    ['{"a":{"b":1,"b" : 2}}', true],
    ['{"a": "x\\":y"}', true], // a string holding ": over-counts: a false hit
    ['[{"a":1},{"a":1}]', false],
  ])("%s → %s", (text, expected) => {
    expect(survey(text).keysMayRepeat).toBe(expected);
  });
});

/** Number texts, usual and not: whether String(Number(text)) gives the text back decides which. */
const NUMBERS = [
  "0",
  "-0",
  "42",
  "-5",
  "3.25",
  "0.1",
  "100",
  "10.0",
  "1E2",
  "1e-7",
  "-0.0",
  "2.50",
  "12345678901234567",
  "1.5000000000000001",
  "0.30000000000000004",
  "9007199254740993",
  "123456789012345",
];
const SPACES = ["", " ", "\n  ", "\t"];

describe("surveyText: plain numbers are never wrong", () => {
  it("on 5000 generated texts, every number in a text called plain is written by String() as in the text", () => {
    const pick = seededPick(7);
    let plain = 0;
    for (let n = 0; n < 5000; n++) {
      const used: string[] = [];
      const s = () => pick(SPACES);
      const value = (depth: number): string => {
        const kind = pick(depth > 2 ? ["number", "string"] : ["number", "number", "string", "object", "array"]);
        if (kind === "number") {
          const number = pick(NUMBERS);
          used.push(number);
          return number;
        }
        if (kind === "string")
          return JSON.stringify(`${pick(["x", "t:", "a: "])}${pick(NUMBERS)}${pick(["", ",", "}", "Z"])}`);
        if (kind === "array") return `[${s()}${value(depth + 1)}${s()},${s()}${value(depth + 1)}${s()}]`;
        return object(depth + 1);
      };
      const object = (depth: number) => `{${s()}"a"${s()}:${s()}${value(depth)}${s()},${s()}"b":${value(depth)}${s()}}`;
      const text = object(0);
      if (survey(text).unusualNumbers) continue;
      plain++;
      for (const number of used) expect(String(Number(number)), `${number} in ${text}`).toBe(number);
    }
    expect(plain).toBeGreaterThan(300); // the property was tested, not skipped
  });
});
