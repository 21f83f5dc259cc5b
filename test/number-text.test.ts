/** numberText writes every number as String() does, made from integers where it can. */
import { describe, expect, it } from "vitest";
import { numberText } from "../src/core/number-text.js";
import { seededRandom } from "./seeded.js";

describe("numberText", () => {
  it.each([
    0.1,
    0.2,
    0.30000000000000004,
    1.005,
    4.35,
    0.85,
    42.5,
    -0.5,
    0.000001,
    0.0000015,
    1e-7,
    123456789012.345,
    99999999999999.9,
    999999999999999.9,
    0.1 + 0.7,
    1 / 3,
    2 / 3,
    66.666667,
    1e21,
    1e300,
    -0,
    0,
    7,
    -100,
    2 ** 53 + 2,
    Number.MIN_VALUE,
    Number.MAX_VALUE,
    NaN,
    Infinity,
    -Infinity,
  ])("%d as String() writes it", (value) => {
    expect(numberText(value)).toBe(String(value));
  });

  it("writes 200 000 numbers of every size and precision as String() does", () => {
    const random = seededRandom(3);
    for (let n = 0; n < 200_000; n++) {
      const scale = 10 ** Math.floor(random() * 24 - 8);
      const raw = random() * scale * (random() < 0.5 ? -1 : 1);
      // Decimals of a few digits (scores, percentages), and doubles of all seventeen.
      const value = random() < 0.7 ? Number(raw.toFixed(Math.floor(random() * 8))) : raw;
      expect(numberText(value), `${value}`).toBe(String(value));
    }
  });
});
