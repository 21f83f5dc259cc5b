import { describe, expect, it } from "vitest";
import { percentOf, plainDigits, roundedTo6 } from "../src/core/percent.js";
import { seededRandom } from "./seeded.js";

describe("percentOf", () => {
  it.each([
    ["42", "0", "50", "84"],
    ["7.5", "5", "10", "50"],
    ["2", null, "3", "66.666667"],
    ["0", "0", "50", "0"],
    ["-2", "-5", "10", "20"],
    ["5", "0", "1", "500"], // above the maximum: said as it is
    ["1", "0", "0", null], // max = min: no percentage
    ["1", "2", "1", null], // max < min
    [null, "0", "10", null],
    ["1", "0", null, null],
    // Found by the property test: a denominator that is a denormal double made Infinity.
    ["1", "0", "5e-324", null],
    ["1e308", "-1e308", "1e308", null], // the range overflows a double
    ["0", "0", "5e-324", "0"],
    // Found in review: a percentage of 1e21 or more was written 1e+32, which no column of numbers
    // should hold (a spreadsheet reads it, a strict decimal reader does not): plain digits instead.
    ["1e30", "0", "1", "100000000000000000000000000000000"],
    ["-1e30", "0", "1", "-100000000000000000000000000000000"],
    ["1.2345e19", "0", "1", "1234500000000000000000"],
    ["1e19", "0", "1", "1000000000000000000000"],
    ["1e18", "0", "1", "100000000000000000000"],
    ["1e300", "0", "1e-7", null], // beyond a double: no percentage, as above
  ])("score %s of %s..%s is %s", (score, min, max, expected) => {
    expect(percentOf(score, min, max)).toBe(expected);
  });

  it("writes plain decimal digits, never an exponent, for any finite range (property)", () => {
    for (let e = -320; e <= 308; e++) {
      for (const [score, max] of [
        [`1e${e}`, "1"],
        ["1", `1e${e}`],
        [`-7.5e${e}`, "3"],
      ] as const) {
        const percent = percentOf(score, "0", max);
        if (percent !== null) expect(percent, `${score} of ${max}`).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
      }
    }
  });

  it.each([
    [1e21, "1000000000000000000000"],
    [1.5e22, "15000000000000000000000"],
    [-2.5e-7, "-0.00000025"],
    [1e-7, "0.0000001"],
    [123.456, "123.456"],
    [-0, "0"],
  ])("plainDigits(%s) is %s", (n, expected) => {
    expect(plainDigits(n)).toBe(expected);
    expect(Number(plainDigits(n))).toBe(n === 0 ? 0 : n);
  });
});

describe("roundedTo6", () => {
  // A zero's sign aside (-0 for 0): plainDigits writes either as 0.
  it("is Number(x.toFixed(6)) for every double, near halves and ties included (property)", () => {
    const random = seededRandom(15);
    const xs: number[] = [
      0,
      -0,
      0.5e-6,
      -0.5e-6,
      1.5e-6,
      2 ** 31 / 1e6,
      -(2 ** 31) / 1e6,
      2147.4836475,
      66.6666665,
      1e21,
      -1e-7,
    ];
    for (let i = 0; i < 100_000; i++) {
      const whole = Math.floor(random() * 4e6) - 2e6;
      // Near a half of the sixth decimal place, where a wrong rounding would show.
      xs.push(
        (whole + 0.5) / 1e6,
        (whole + 0.4999) / 1e6,
        (whole + 0.50001) / 1e6,
        (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10),
      );
      xs.push(((Math.floor(random() * 1000) - 500) / (Math.floor(random() * 999) + 1)) * 100);
    }
    // One assertion for the lot: an expect per value would take most of the test's time.
    const wrong = xs.filter((x) => roundedTo6(x) !== Number(x.toFixed(6)));
    expect(wrong).toEqual([]);
  });
});
