import type { Decimal } from "../types.js";

/**
 * The percentage of a score, (score − min) / (max − min) × 100, with min 0 when absent, or null when
 * it cannot be said (no score or maximum, or max ≤ min). Rounded to 6 decimal places, so that
 * 2/3 is 66.666667 and not a binary fraction's 17 digits.
 */
export function percentOf(score: Decimal | null, min: Decimal | null, max: Decimal | null): Decimal | null {
  if (score === null || max === null) return null;
  const s = Number(score);
  const lo = min === null ? 0 : Number(min);
  const hi = Number(max);
  if (![s, lo, hi].every(Number.isFinite) || hi <= lo) return null;
  const percent = ((s - lo) / (hi - lo)) * 100;
  // A range too small (or too large) for doubles has no percentage worth writing.
  if (!Number.isFinite(percent)) return null;
  return String(Number(percent.toFixed(6)));
}
