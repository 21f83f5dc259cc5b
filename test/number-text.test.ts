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

  // Where a product rounded across .5 or a bound (1e-6, 1e14) would show: each decimal and the three
  // doubles either side of it.
  it("writes the doubles next to decimals, halves and the bounds as String() does", () => {
    const view = new DataView(new ArrayBuffer(8));
    const stepped = (value: number, steps: number): number => {
      view.setFloat64(0, value);
      view.setBigInt64(0, view.getBigInt64(0) + BigInt(steps));
      return view.getFloat64(0);
    };
    const decimals = [1e-6, 1e14, 8.675, 1.005, 99999999999999.5, 0.000123456789012345];
    for (let exponent = -6; exponent <= 14; exponent++)
      for (let m = 1; m < 100; m++) decimals.push(m * 10 ** exponent, m / 10 ** -exponent, (m + 0.5) * 10 ** exponent);
    for (const decimal of decimals)
      for (let steps = -3; steps <= 3; steps++)
        for (const value of [stepped(decimal, steps), -stepped(decimal, steps)])
          expect(numberText(value), `${value}`).toBe(String(value));
  });
});
