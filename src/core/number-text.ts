/**
 * String(value) for the numbers records hold, made from integers. String() of a fraction searches
 * for its shortest digits, several times what writing an integer costs; every score, maximum and
 * percentage goes through here (on the bench's xAPI file, a third of flattening a statement).
 */

/** Past this, a decimal of the same digits might not be the only one that reads back as the number. */
const MAX_DIGITS_VALUE = 1e15;

/**
 * What String(value) writes, for a number from 1e-6 up whose shortest digits, as an integer, stay
 * below 10^15; otherwise String(value) itself.
 */
export function numberText(value: number): string {
  const size = value < 0 ? -value : value;
  if (Number.isInteger(value) || !(size >= 1e-6)) return String(value);
  const digits = fractionDigits(size);
  if (digits === -1) return String(value);
  const whole = Math.floor(size);
  const scale = 10 ** digits;
  const fraction = String(Math.round(size * scale) - whole * scale);
  const zeros = digits - fraction.length;
  return `${value < 0 ? "-" : ""}${whole}.${zeros > 0 ? "0".repeat(zeros) : ""}${fraction}`;
}

/**
 * The fraction digits String() writes for `size`, a positive number that is no integer, when its
 * digits as an integer stay below 10^15; else -1.
 *
 * String() writes the fewest fraction digits k with which the number reads back. A decimal m / 10^k
 * reads back as the number when dividing m by 10^k gives it again (one correctly rounded division of
 * two exact numbers is what reading that decimal gives), and m is the product rounded. Below 10^15,
 * decimals of k digits lie farther apart than two doubles do, so that decimal is String()'s.
 */
export function fractionDigits(size: number): number {
  for (let digits = 1, scale = 10; size * scale < MAX_DIGITS_VALUE; digits++, scale *= 10)
    if (Math.round(size * scale) / scale === size) return digits;
  return -1;
}
