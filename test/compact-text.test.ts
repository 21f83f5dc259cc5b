/**
 * The compact-text shortcut of the text survey: it must never call a text compact that repeats a
 * key or writes a number otherwise than String() does, however the parts of a crafted text make up
 * for each other's lengths; and it must answer for the texts producers write.
 */
import { describe, expect, it } from "vitest";
import { isCompactText, shortestExponentForm } from "../src/core/compact-text.js";
import { seededPick } from "./seeded.js";

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

  // Keys spelled two ways, keys JSON.parse or for-in treat apart, repeats inside arrays of objects and
  // envelopes, texts at the edges of the number forms: all found sound when the shortcut was attacked.
  it.each([
    ['{"a":1,"\\u0061":1}', false], // the same key, once escaped
    ['{"\\u0061":1,"a":1}', false],
    ['{"__proto__":1,"__proto__":1}', false],
    ['{"__proto__":1,"\\u005f_proto__":2}', false],
    ['{"":1,"":1}', false],
    ['{"-1":1,"-1":1}', false],
    ['{"0":1,"0":1}', false],
    ['{"a":1E2,"0":10}', false], // "0" is listed first: read from the value's order, 1E2's place holds a 0
    ['{"\\/":1,"/":1}', false],
    ['{"\\ud83d\\ude00":1,"\u{1f600}":1}', false],
    ['[{"a":1},{"b":1,"b":1}]', false],
    ['{"sensor":"s","data":[{"id":"x","score":{"raw":5,"raw":5}}]}', false],
    ['{"a":1,"a":1,"n":1E21}', false], // a shorter number: sent to the exact scan
    ['{"a":1,"a":1,"n":1E3,"m":1E3,"o":1E3}', false],
    ['{"\\u0061":1,"__proto__":{"b":2},"-1":3,"":"\\ud800","k":"\\ud83d\\ude00\\u005c"}', true],
    [' {"a":1}', true], // the reader's text of a line that starts with a record separator
    ["[0.1,0.09,-0.05,0.0123,100,-100,123456789012300,123456789012345]", true],
    ["[9E-2]", false],
    ["[-5E-2]", false],
    ["[123E-4]", false],
    ["[1234567890123E2]", false],
    ["[-1E2]", false],
    ["[0.000001]", false], // 1E-6 is shorter: the exact scan answers
    ["[1e-6]", false],
    ["[0.0]", false],
    ["[-0.0]", false],
    ["[1.50]", false],
    ["[1e400]", false],
    ["[1234567890123456]", false],
  ])("%s → %s", (text, expected) => {
    expect(compact(text)).toBe(expected);
  });

  it("never throws on deep, wide or cyclic values, and walks 64 levels but not 65", () => {
    const nested = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    expect(compact(nested(20_000))).toBe(false);
    expect(compact(nested(64))).toBe(true);
    expect(compact(nested(65))).toBe(false);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(isCompactText('{"a":1,"self":{}}', cyclic)).toBe(false);
    expect(isCompactText("[1,,2]", [1, , 2])).toBe(false);
    expect(isCompactText("1", 1n)).toBe(false);
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

describe("isCompactText: never wrong on crafted texts", () => {
  it("on 20 000 generated texts, one called compact repeats no key and writes every number as String() does", () => {
    const pick = seededPick(11);
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
    const pick = seededPick(5);
    const random = seededPick(9);
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

/** Every JSON number text from these digits: signs, integer parts, fractions, exponents of each kind. */
function numberTexts(): string[] {
  const digits = ["0", "1", "5", "9"];
  const runs = (most: number): string[] => {
    const out: string[] = [];
    const grow = (run: string) => {
      if (run.length === most) return;
      for (const d of digits) (out.push(run + d), grow(run + d));
    };
    grow("");
    return out;
  };
  const integers = ["0", ...runs(4).filter((run) => run[0] !== "0")];
  const fractions = ["", ...runs(2).map((run) => `.${run}`)];
  const exponents = ["", "e0", "E2", "e-2", "E+2", "e-1", "E1", "e3", "E-3", "e-6", "e-7", "e20", "e21", "E-10", "e+0"];
  const out: string[] = [];
  for (const sign of ["", "-"])
    for (const integer of integers)
      for (const fraction of fractions)
        for (const exponent of exponents) out.push(sign + integer + fraction + exponent);
  return out;
}

describe("isCompactText: every number text", () => {
  it("calls none compact that String() writes otherwise, nor one shorter than String()'s made up for by spaces", () => {
    let shorter = 0;
    const wrong: string[] = [];
    for (const text of numberTexts()) {
      const value = Number(text);
      const written = String(value);
      if (text === written) continue;
      if (isCompactText(`[${text}]`, [value]) || isCompactText(`{"a":${text}}`, { a: value })) wrong.push(text);
      // Written shorter than String() writes it: as many spaces elsewhere would make up the length.
      const spaces = " ".repeat(Math.max(0, written.length - text.length));
      if (spaces === "") continue;
      shorter++;
      if (isCompactText(`[${text},${spaces}0]`, [value, 0]) || isCompactText(`[0,${spaces}${text}]`, [0, value]))
        wrong.push(`${text} with spaces`);
    }
    expect(wrong).toEqual([]);
    expect(shorter).toBeGreaterThan(1000); // the shorter forms were met, not skipped
  });
});

/** Whether `text` (JSON) repeats a key in some object, decoded as JSON.parse decodes it, or writes a number otherwise than String(). */
function exactly(text: string): { repeats: boolean; unusual: boolean } {
  let i = 0;
  let repeats = false;
  let unusual = false;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? (text[i + 1] === "u" ? 6 : 2) : 1;
    return JSON.parse(text.slice(start, ++i)) as string;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '"') string();
    else if (c === "{" || c === "[") {
      const keys = new Set<string>();
      i++;
      space();
      if (text[i] === "}" || text[i] === "]") i++;
      else
        for (;;) {
          if (c === "{") {
            space();
            const key = string();
            if (keys.has(key)) repeats = true;
            keys.add(key);
            space();
            i++; // :
          }
          value();
          space();
          if (text[i++] !== ",") break;
        }
    } else {
      const token = /^[-+.\w]+/.exec(text.slice(i))![0];
      i += token.length;
      if (/^-?\d/.test(token) && String(Number(token)) !== token) unusual = true;
    }
  };
  value();
  return { repeats, unusual };
}

describe("isCompactText: keys spelled every way", () => {
  it("on 20 000 generated texts with escaped, empty, __proto__ and number-like keys, one called compact is so", () => {
    const pick = seededPick(23);
    const keySets = [
      ["a", "b", "c"],
      ["a", "\\u0061", "b", "\\u0062"],
      ["__proto__", "\\u005f_proto__", "a"],
      ["", "-1", "0", "01", "4294967295", "\\/", "/", "\\\\", '\\"', "é", "\\u00e9", "\u{1f600}", "\\ud83d\\ude00"],
    ];
    const strings = [
      ...STRINGS,
      '"\\ud800"',
      '"\\u005c"',
      '"\\ud83d\\ude00"',
      '"\u{1f600}"',
      '"\\n\\r\\t\\b\\f"',
      '"é"',
    ];
    const numbers = [...NUMBERS, ...UNUSUAL_NUMBERS].map((n) => n.text);
    let called = 0;
    for (let n = 0; n < 20_000; n++) {
      const keys = pick(keySets);
      const spaced = pick([false, false, true]);
      const s = () => (spaced ? pick(SPACES) : "");
      const value = (depth: number): string => {
        const kind = pick(depth > 3 ? ["number", "string"] : ["number", "string", "object", "array", "literal"]);
        if (kind === "number") return pick(numbers);
        if (kind === "string") return pick(strings);
        if (kind === "literal") return pick(["true", "false", "null"]);
        const items = Array.from({ length: pick([0, 1, 2, 3]) }, () =>
          kind === "array" ? s() + value(depth + 1) : `${s()}"${pick(keys)}"${s()}:${s()}${value(depth + 1)}`,
        );
        return kind === "array" ? `[${items.join(",")}]` : `{${items.join(",")}}`;
      };
      const text = pick(["", "", " ", "\r"]) + value(0) + pick(["", "", "\r", "\n"]);
      if (!compact(text)) continue;
      called++;
      expect(exactly(text), text).toEqual({ repeats: false, unusual: false });
    }
    expect(called).toBeGreaterThan(2000);
  });
});
