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
 *
 * String() writes the fewest fraction digits k with which the number reads back. A decimal m / 10^k
 * reads back as the number when dividing m by 10^k gives it again (one correctly rounded division of
 * two exact numbers is what reading that decimal gives), and m is the product rounded. Below 10^15,
 * decimals of k digits lie farther apart than two doubles do, so that decimal is String()'s.
 */
export function numberText(value: number): string {
  const size = value < 0 ? -value : value;
  if (Number.isInteger(value) || !(size >= 1e-6 && size * 10 < MAX_DIGITS_VALUE)) return String(value);
  const whole = Math.floor(size);
  for (let digits = 1, scale = 10; size * scale < MAX_DIGITS_VALUE; digits++, scale *= 10) {
    const scaled = Math.round(size * scale);
    if (scaled / scale !== size) continue;
    const fraction = String(scaled - whole * scale);
    const zeros = digits - fraction.length;
    return `${value < 0 ? "-" : ""}${whole}.${zeros > 0 ? "0".repeat(zeros) : ""}${fraction}`;
  }
  return String(value);
}
