/**
 * Seeded draws for the property tests: the same on every run, so that a failure replays. Computed
 * in 32-bit integers: the same generator in doubles loses its product's low bits, and its states then
 * cycle every 10 466 draws (a test of "20 000 texts" drew 441 distinct ones).
 */

/** Numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** An item of a list, drawn as seededRandom draws. */
export function seededPick(seed: number): <T>(list: readonly T[]) => T {
  const next = seededRandom(seed);
  return <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
}
