import type { Decimal } from "../types.js";
import { numberText } from "./number-text.js";

/**
 * The percentage of a score, (score − min) / (max − min) × 100, with min 0 when absent, or null when
 * it cannot be said (no score or maximum, or max ≤ min). Rounded to 6 decimal places, so that
 * 2/3 is 66.666667 and not a binary fraction's 17 digits, and written in plain digits, never 1e+32.
 */
export function percentOf(score: Decimal | null, min: Decimal | null, max: Decimal | null): Decimal | null {
  if (score === null || max === null) return null;
  const s = Number(score);
  const lo = min === null ? 0 : Number(min);
  const hi = Number(max);
  if (!Number.isFinite(s) || !Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return null;
  const percent = ((s - lo) / (hi - lo)) * 100;
  // A range too small (or too large) for doubles has no percentage worth writing.
  if (!Number.isFinite(percent)) return null;
  return plainDigits(roundedTo6(percent));
}

/**
 * Number(x.toFixed(6)), without the text: toFixed rounds x × 10⁶ to the nearest integer n (no tie
 * here), and n / 10⁶, both exact doubles, is divided with one rounding, as Number reads "n/10⁶".
 * Below 2³¹ the product is off by at most 2⁻²³, so a product farther than that from a half rounds
 * as x × 10⁶ itself would; the rest (rare) goes through toFixed. A zero may come back as -0 where
 * toFixed gives 0: plainDigits writes both as 0.
 */
export function roundedTo6(x: number): number {
  const scaled = x * 1e6;
  if (scaled < 2 ** 31 && scaled > -(2 ** 31)) {
    const near = Math.round(scaled);
    if (Math.abs(scaled - near) < 0.4999) return near / 1e6;
  }
  return Number(x.toFixed(6));
}

/**
 * A double in plain decimal digits, the shortest that read back as it (as String gives): String
 * writes 1e21 and more, and below 1e-6, with an exponent ("1e+32"), which a column of decimals
 * must not hold. The digits are String's, moved about the point; nothing is rounded again.
 */
export function plainDigits(n: number): string {
  const text = numberText(n);
  if (!text.includes("e")) return text; // most numbers: no exponent, nothing to move
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = "", exponent] = match;
  const digits = lead! + fraction;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
