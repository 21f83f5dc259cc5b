/**
 * How many distinct strings were added, in bounded memory: exact up to EXACT (128) of them, then a
 * HyperLogLog estimate (Flajolet et al. 2007, with the small-range correction) in 2^P one-byte
 * registers, about 3 % off (1.04 / √1024). A course of up to 128 learners is counted exactly; one
 * of a million, within a few per cent, costs a kilobyte, not the million ids.
 */
const EXACT = 128;
const P = 10;
const REGISTERS = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);
/** Values longer than this are held as a 64-bit hash: 128 learner ids of 100 KB would be 25 MB. */
const LONG = 64;

export class DistinctCount {
  private exact: Set<string> | undefined = new Set();
  private registers: Uint8Array | undefined;

  add(text: string): void {
    const value =
      text.length > LONG ? `\u0000${hash32(text).toString(36)}.${hash32(text, 0x9747b28c).toString(36)}` : text;
    if (this.exact) {
      this.exact.add(value);
      if (this.exact.size <= EXACT) return;
      this.registers = new Uint8Array(REGISTERS);
      for (const seen of this.exact) this.addHashed(seen);
      this.exact = undefined;
      return;
    }
    this.addHashed(value);
  }

  /** The count: exact while small, else estimated. */
  get count(): number {
    if (this.exact) return this.exact.size;
    const registers = this.registers!;
    let sum = 0;
    let zeros = 0;
    for (const r of registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const estimate = (ALPHA * REGISTERS * REGISTERS) / sum;
    return Math.round(estimate <= 2.5 * REGISTERS && zeros > 0 ? REGISTERS * Math.log(REGISTERS / zeros) : estimate);
  }

  /** The characters held: what a few long values cost. */
  heldCharacters(): number {
    let sum = 0;
    for (const value of this.exact ?? []) sum += value.length;
    return sum;
  }

  /** Whether `count` is an estimate. */
  get estimated(): boolean {
    return this.exact === undefined;
  }

  private addHashed(value: string): void {
    const hash = hash32(value);
    const register = hash >>> (32 - P);
    const rest = (hash << P) >>> 0;
    // The position of the first 1 bit in the remaining 22 bits, from 1; 23 when they are all 0.
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    const registers = this.registers!;
    if (rank > registers[register]!) registers[register] = rank;
  }
}

/** MurmurHash3's 32-bit finaliser over FNV-1a of the UTF-16 code units: well mixed, and cheap. A second seed gives a second, independent hash. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
