/**
 * The compact-text shortcut of the text survey: it must never call a text compact that repeats a
 * key or writes a number otherwise than String() does, however the parts of a crafted text make up
 * for each other's lengths; and it must answer for the texts producers write.
 */
import { describe, expect, it } from "vitest";
import { isCompactText, shortestExponentForm } from "../src/core/compact-text.js";

const compact = (text: string) => isCompactText(text, JSON.parse(text));

describe("isCompactText", () => {
  it.each([
    ['{"a":1,"b":{"c":"x"},"d":[1,2.5,true,false,null],"e":[],"f":{}}', true],
    ['{"url":"https:\\/\\/example.edu\\/x","name":"caf\\u00e9","q":"say \\"hi\\"","n":100}', true],
    ['{"raw":100,"max":0.05,"neg":-100,"z":0}', true],
    ["[1,2,3]", true],
    ['  {"a":1}\r', true],
    ['{"a":1,"a":1}', false], // a repeated key
    ['{"a": 1}', false],
    ['{\n  "a": 1\n}', false],
    ['{"score":10.0}', false],
    ['{"n":1E2}', false], // as long as 100, but not as String() writes it
    ['{"n":-0}', false],
    ['{"n":1.5000000000000001}', false],
    ['{"n":12345678901234567}', false],
    ['{"n":1000}', false], // 1E3 is shorter: could hide an added part, so the exact scan answers
    ['{"7":1,"a":2}', false], // listed out of the text's order
    // Each part that makes a text longer, made up for by a number written shorter:
    ['{"s":"x","n":1E3, "m":1}', false],
    ['{"s":"\\/","n":1E2}', false],
    ['{"a":1E10,"a":1,"b":2}', false],
  ])("%s → %s", (text, expected) => {
    expect(compact(text)).toBe(expected);
  });

  it("lets a value deeper than it walks go to the exact scan", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    expect(compact(deep)).toBe(false);
  });
});

describe("shortestExponentForm", () => {
  it.each([
    ["100", 3], // 1E2
    ["1000", 3], // 1E3
    ["0.05", 4], // 5E-2
    ["-0.05", 5],
    ["0.025", 5], // 25E-3
    ["3.25", 6], // 325E-2
    ["0", 3], // 0E0
    ["120", 4], // 12E1
    ["-100", 4],
  ])("%s → %d", (written, expected) => {
    expect(shortestExponentForm(written)).toBe(expected);
  });
});

/** Parts of texts, each with what it does to the two answers. */
const NUMBERS: readonly { text: string; plain: boolean }[] = [
  "0",
  "42",
  "-5",
  "3.25",
  "100",
  "500",
  "0.05",
  "0.5",
  "0.005",
  "-100",
  "1000",
].map((text) => ({ text, plain: true }));
const UNUSUAL_NUMBERS: readonly { text: string; plain: boolean }[] = [
  "1E2",
  "5E2",
  "5E-2",
  "5E-3",
  "50E-2",
  "1E3",
  "1E10",
  "10.0",
  "-0",
  "1e21",
  "1E21",
  "2.50",
  "12345678901234567",
].map((text) => ({ text, plain: false }));
const STRINGS = ['"x"', '"a\\/b"', '"caf\\u00e9"', '"\\\\"', '"1000"', '"1E3"', '""'];
const SPACES = ["", "", "", "", " ", "\n", "\t"];

function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
}

describe("isCompactText: never wrong on crafted texts", () => {
  it("on 20 000 generated texts, one called compact repeats no key and writes every number as String() does", () => {
    const pick = generator(11);
    let called = 0;
    for (let n = 0; n < 20_000; n++) {
      let repeats = false;
      let unusual = false;
      // Each way of breaking compactness on or off for the whole text, so that some texts are clean and
      // others break it once, or twice in ways whose lengths may make up for each other.
      const spaced = pick([false, true]);
      const anyKeys = pick([false, true]);
      const numbers = pick([NUMBERS, [...NUMBERS, ...UNUSUAL_NUMBERS]]);
      const s = () => (spaced ? pick(SPACES) : "");
      const number = () => {
        const chosen = pick(numbers);
        if (!chosen.plain) unusual = true;
        return chosen.text;
      };
      const value = (depth: number): string => {
        const kind = pick(depth > 2 ? ["number", "string"] : ["number", "number", "string", "object", "array"]);
        if (kind === "number") return number();
        if (kind === "string") return pick(STRINGS);
        if (kind === "array") return `[${value(depth + 1)},${s()}${value(depth + 1)}]`;
        return object(depth + 1);
      };
      const object = (depth: number): string => {
        const keys = anyKeys ? [pick(["a", "b"]), pick(["b", "c"]), pick(["c", "d", "a"])] : ["a", "b", "c"];
        if (new Set(keys).size < keys.length) repeats = true;
        return `{${keys.map((key) => `${s()}"${key}":${s()}${value(depth)}`).join(",")}}`;
      };
      const text = object(0);
      if (!compact(text)) continue;
      called++;
      expect(repeats, text).toBe(false);
      expect(unusual, text).toBe(false);
    }
    expect(called).toBeGreaterThan(1000); // the property was tested, not skipped
  });
});

describe("isCompactText: a number's length without writing it", () => {
  it("on 20 000 fractions of every size and precision, calls a text compact exactly when String() writes at most 15 characters", () => {
    const pick = generator(5);
    const random = generator(9);
    let fractions = 0;
    for (let n = 0; n < 20_000; n++) {
      const scale = 10 ** pick([-7, -3, -1, 0, 0, 1, 2, 3, 6, 9, 12, 14, 15, 16]);
      const digits = pick([0, 1, 2, 3, 4, 6, 9, 12, 17]);
      const raw = random([...Array(1000).keys()]) / 1000 + random([...Array(1000).keys()]) / 1e6;
      const value = (pick([1, -1]) * Number((raw * scale).toFixed(Math.min(digits, 100)))) as number;
      const text = JSON.stringify({ n: value });
      const written = String(value);
      const plain = !written.includes("e") && written.length <= 15;
      if (Number.isInteger(value)) continue; // integers: their trailing zeros decide (the table above)
      fractions++;
      // Numbers below 0.1 that an exponent form writes as short or shorter are left to the exact scan.
      if (Math.abs(value) < 0.1 && value !== 0) continue;
      expect(compact(text), text).toBe(plain);
    }
    expect(fractions).toBeGreaterThan(5000);
  });
});
