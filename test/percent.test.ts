import { describe, expect, it } from "vitest";
import { percentOf } from "../src/core/percent.js";

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
  ])("score %s of %s..%s is %s", (score, min, max, expected) => {
    expect(percentOf(score, min, max)).toBe(expected);
  });
});
