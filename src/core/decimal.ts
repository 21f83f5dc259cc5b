/**
 * JSON numbers (RFC 8259 §6) as the exact decimals they write, never as doubles: `1.0`, `1` and
 * `10e-1` are one value, while `1.0000000000000000001` and `1`, or two 20-digit counters that differ
 * in the last digit, are two, although a double cannot tell them apart.
 */
import type { Decimal } from "../types.js";

interface Parts {
  negative: boolean;
  /** The significant digits, without leading or trailing zeros; "" for zero. */
  digits: string;
  /** The value is 0.digits × 10^exponent. */
  exponent: bigint;
}

const NUMBER = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

function partsOf(text: string): Parts | null {
  const m = NUMBER.exec(text);
  if (m === null) return null;
  const [, sign, whole, fraction = "", exponent = "0"] = m;
  const all = whole! + fraction;
  const first = all.search(/[1-9]/);
  if (first === -1) return { negative: false, digits: "", exponent: 0n }; // -0 is 0
  const digits = all.slice(first).replace(/0+$/, "");
  return { negative: sign === "-", digits, exponent: BigInt(exponent) + BigInt(whole!.length - first) };
}

/** One text per value: `-12.50` and `-1.25e1` are both `-0.125e2`; zero is `0`. Null for a text that is not a JSON number. */
export function canonicalDecimal(text: string): string | null {
  const parts = partsOf(text);
  if (parts === null) return null;
  return parts.digits === "" ? "0" : `${parts.negative ? "-" : ""}0.${parts.digits}e${parts.exponent}`;
}

/** Negative, zero or positive as a is below, equal to or above b; null when either is not a JSON number. */
export function compareDecimals(a: Decimal, b: Decimal): number | null {
  const x = partsOf(a);
  const y = partsOf(b);
  if (x === null || y === null) return null;
  const sign = (p: Parts) => (p.digits === "" ? 0 : p.negative ? -1 : 1);
  if (sign(x) !== sign(y)) return sign(x) - sign(y);
  if (sign(x) === 0) return 0;
  // Same sign: compare magnitudes, by where the first digit stands, then digit by digit.
  const magnitude =
    x.exponent !== y.exponent
      ? x.exponent < y.exponent
        ? -1
        : 1
      : x.digits < y.digits
        ? -1
        : x.digits > y.digits
          ? 1
          : 0;
  return sign(x) * magnitude;
}
