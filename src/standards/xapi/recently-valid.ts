/**
 * Values that passed a check lately, direct-mapped by a cheap hash. A file of statements repeats
 * the same verb, activity type, homePage and extension IRIs, mailboxes, UUIDs and language tags;
 * a hit costs one string comparison instead of a regex run or a scan, and the table is filled by
 * pointer stores, so it never allocates. Only values that passed are kept, and only short ones.
 */
export class RecentlyValid {
  /** null, never equal to a string, marks an empty slot: "" must not pass for a cached value. */
  private readonly values: (string | null)[];
  private readonly mask: number;

  /** `size`, a power of two, is the number of slots. */
  constructor(size: number) {
    this.values = new Array<string | null>(size).fill(null);
    this.mask = size - 1;
  }

  has(value: string): boolean {
    return this.values[slotOf(value) & this.mask] === value;
  }

  add(value: string): void {
    if (value.length <= 512) this.values[slotOf(value) & this.mask] = value;
  }
}

/**
 * A hash of the length and four characters, three near the end, where identifiers sharing a
 * prefix differ (…/verbs/attended, …/verbs/reported). Indexes stay inside the string: an
 * out-of-range charCodeAt takes V8 off its fast path.
 */
function slotOf(value: string): number {
  const n = value.length;
  if (n < 2) return n;
  let h = n * 31 + value.charCodeAt(n - 1);
  h = h * 31 + value.charCodeAt(n - 2);
  h = h * 31 + value.charCodeAt(n > 6 ? n - 6 : 0);
  h = h * 31 + value.charCodeAt(n >> 1);
  return h ^ (h >>> 9);
}
