/**
 * Event numbers grouped by a 32-bit fingerprint of a key, in typed arrays: 8 bytes per event and
 * about 8 per group, none of it on the JavaScript heap, so that a million events neither cost a
 * million objects nor make the collector keep several times their size in reserve. A fingerprint
 * only narrows: two keys may share one, so whoever reads a group of more than one compares the keys
 * themselves (repeats.ts reads them back from the tape).
 */
const EMPTY = -1;

/** Drawn once per run, so that no input can be made whose keys crowd one part of the table. */
const SEED = (Math.random() * 2 ** 32) >>> 0;

/** FNV-1a over the UTF-16 code units from a random start, then mixed (MurmurHash3's finalizer): fast, and only a first sort (see above). */
export function fingerprint(key: string): number {
  let hash = SEED ^ 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

export class FingerprintGroups {
  /** Per event: its fingerprint, and the event before it in its group (or EMPTY). */
  private prints = new Uint32Array(1024);
  private before = new Int32Array(1024);
  /** Open addressing, linear probing: the last event of each group, or EMPTY. */
  private slots = new Int32Array(1024).fill(EMPTY);
  private groups = 0;

  add(n: number, print: number): void {
    if (n >= this.prints.length) {
      this.prints = grown(this.prints, n);
      this.before = grown(this.before, n);
    }
    if (2 * (this.groups + 1) > this.slots.length) this.rehash();
    this.prints[n] = print;
    const slot = this.slotOf(print);
    if (this.slots[slot] === EMPTY) this.groups++;
    this.before[n] = this.slots[slot]!;
    this.slots[slot] = n;
  }

  /** Every group of more than one event, in input order within it. */
  *shared(): Generator<number[]> {
    for (const last of this.slots) {
      if (last === EMPTY || this.before[last] === EMPTY) continue;
      const group: number[] = [];
      for (let n = last; n !== EMPTY; n = this.before[n]!) group.push(n);
      yield group.reverse();
    }
  }

  /** The events whose key has this fingerprint, in input order (and maybe others whose key shares it). */
  withPrint(print: number): number[] {
    const group: number[] = [];
    for (let n = this.slots[this.slotOf(print)]!; n !== EMPTY; n = this.before[n]!) group.push(n);
    return group.reverse();
  }

  private slotOf(print: number): number {
    const mask = this.slots.length - 1;
    let slot = print & mask;
    while (this.slots[slot] !== EMPTY && this.prints[this.slots[slot]!] !== print) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    for (const last of old) if (last !== EMPTY) this.slots[this.slotOf(this.prints[last]!)] = last;
  }
}

function grown<T extends Uint32Array | Int32Array | Uint8Array | Float64Array>(array: T, n: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(array.length * 2, n + 1));
  bigger.set(array);
  return bigger;
}

/** Numbers by event, growing as events come: `at` for places on the tape, `kinds` for bits. */
export class GrowingArray<T extends Float64Array | Uint8Array> {
  length = 0;
  constructor(private array: T) {}

  push(value: number): number {
    if (this.length === this.array.length) this.array = grown(this.array, this.length);
    this.array[this.length] = value;
    return this.length++;
  }

  get(n: number): number {
    return this.array[n]!;
  }
}
