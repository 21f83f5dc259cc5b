/**
 * How many distinct strings were added, in bounded memory: exact up to EXACT (128) of them, then a
 * HyperLogLog estimate (Flajolet et al. 2007, with the small-range correction) in 2^P one-byte
 * registers, about 3 % off (1.04 / √1024). A course of up to 128 learners is counted exactly; one
 * of a million, within a few per cent, costs a kilobyte, not the million ids.
 *
 * While exact, a value is held as a 53-bit hash of it (two 32-bit hashes, one whole), in a table of
 * 2 KiB: the values themselves, 128 ids of 64 characters in each of 4 000 counters (2 000 courses'
 * learners and items), would be some 80 MB. Two of 128 values share such a hash with a chance of
 * about one in 10^12.
 */
import { hash32 } from "../core/hash32.js";

const EXACT = 128;
const P = 10;
const REGISTERS = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);
/** Values longer than this are hashed as a short string of two hashes of them: hashing 100 KB twice per event is slow. */
const LONG = 64;
/** Slots of the exact table: twice EXACT, so that a probe finds a free slot soon. */
const SLOTS = EXACT * 2;
const LOW = 2 ** 21;

export class DistinctCount {
  /** The exact stage's hashes, plus 1 (0 is a free slot), by open addressing. */
  private exact: Float64Array | undefined = new Float64Array(SLOTS);
  private size = 0;
  private registers: Uint8Array | undefined;

  add(text: string): void {
    const value =
      text.length > LONG ? `\u0000${hash32(text).toString(36)}.${hash32(text, 0x9747b28c).toString(36)}` : text;
    const hash = hash32(value);
    if (this.exact === undefined) return this.addHashed(hash);
    const key = hash * LOW + (hash32(value, 0x5bd1e995) >>> 11) + 1;
    const table = this.exact;
    let slot = hash & (SLOTS - 1);
    while (table[slot] !== 0) {
      if (table[slot] === key) return;
      slot = (slot + 1) & (SLOTS - 1);
    }
    table[slot] = key;
    if (++this.size <= EXACT) return;
    this.registers = new Uint8Array(REGISTERS);
    for (const held of table) if (held !== 0) this.addHashed(Math.floor((held - 1) / LOW));
    this.exact = undefined;
  }

  /** The count: exact while small, else estimated. */
  get count(): number {
    if (this.exact) return this.size;
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

  /** The bytes held, whatever the values: the exact table's or the registers'. */
  heldBytes(): number {
    return (this.exact ?? this.registers!).byteLength;
  }

  /** Whether `count` is an estimate. */
  get estimated(): boolean {
    return this.exact === undefined;
  }

  private addHashed(hash: number): void {
    const register = hash >>> (32 - P);
    const rest = (hash << P) >>> 0;
    // The position of the first 1 bit in the remaining 22 bits, from 1; 23 when they are all 0.
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    const registers = this.registers!;
    if (rank > registers[register]!) registers[register] = rank;
  }
}

export { hash32 } from "../core/hash32.js";
