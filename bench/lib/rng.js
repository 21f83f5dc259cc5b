// Seeded randomness for the corpus: the same seed gives byte-identical files on every machine, so two
// runs (or two machines) measure the same input, yet no two lines of a file are alike.

/** mulberry32: tiny, fast, good enough to vary test data (not for anything secret). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive bounds
  const pick = (list) => list[Math.floor(next() * list.length)];
  const hex = (n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(next() * 16)];
    return s;
  };
  // RFC 4122 version 4 layout, so the validators' UUID rules see real-looking ids.
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(0, 3)]}${hex(3)}-${hex(12)}`;
  return { next, int, pick, hex, uuid };
}

/** A score with the decimals graders really use: whole, halves, quarters, or two places. */
export function score(r, max) {
  const raw = r.next() * max;
  switch (r.int(0, 3)) {
    case 0:
      return Math.round(raw);
    case 1:
      return Math.round(raw * 2) / 2;
    case 2:
      return Math.round(raw * 4) / 4;
    default:
      return Math.round(raw * 100) / 100;
  }
}

/** Event times that move forward by a few seconds each, with milliseconds (Caliper's format). */
export function clock(r, startIso) {
  let t = Date.parse(startIso);
  return () => {
    t += r.int(50, 9000);
    return new Date(t).toISOString();
  };
}

/** Course codes like BIO-201.2024S: a pool shared by all profiles so each course has many grades. */
export const SUBJECTS = [
  "MATH",
  "BIO",
  "CHEM",
  "PHYS",
  "HIST",
  "ENGL",
  "CS",
  "ECON",
  "PSYC",
  "SOC",
  "PHIL",
  "STAT",
  "ART",
  "MUS",
  "LAW",
  "NURS",
];
export const TERMS = ["2023F", "2024S", "2024U", "2024F"];
