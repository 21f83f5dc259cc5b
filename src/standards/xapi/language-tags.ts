/**
 * RFC 5646 language tags (xAPI-Data §2.2, §4.2): language map keys and context.language.
 */
import { RecentlyValid } from "./recently-valid.js";

/** RFC 5646 §2.2.8 irregular grandfathered tags (the regular ones are well-formed anyway). */
const IRREGULAR = new Set([
  "en-gb-oed",
  "i-ami",
  "i-bnn",
  "i-default",
  "i-enochian",
  "i-hak",
  "i-klingon",
  "i-lux",
  "i-mingo",
  "i-navajo",
  "i-pwn",
  "i-tao",
  "i-tay",
  "i-tsu",
  "sgn-be-fr",
  "sgn-be-nl",
  "sgn-ch-de",
]);

// Where in a tag the scanner is: each state names the subtags that may come next, in RFC 5646 order.
const LANGUAGE = 0;
const EXTLANG = 1;
const SCRIPT = 2;
const REGION = 3;
const VARIANT = 4;
const EXTENSION = 5;
const EXTENSION_BODY = 6;
const PRIVATE_USE = 7;

/** Offsets and lengths of the variants of the tag being scanned, for the no-repeat rule. */
const variantAt = new Int32Array(8);
const variantLength = new Int32Array(8);

/**
 * RFC 5646 well-formed language tag (§2.1), checked subtag by subtag without allocating: the
 * sequence of subtag lengths and kinds that xAPI-Data §2.2 requires an LRS to validate, plus the
 * rules that a variant (§2.2.5) or an extension singleton (§2.2.6) appears once: the suite rejects
 * `zh-z-aaa-z-bbb-c-ccc`. Case-insensitive. Registry membership is not checked.
 */
const recentTags = new RecentlyValid(64);

export function isLanguageTag(tag: string): boolean {
  if (recentTags.has(tag)) return true;
  if (!isWellFormedTag(tag)) return false;
  recentTags.add(tag);
  return true;
}

function isWellFormedTag(tag: string): boolean {
  const n = tag.length;
  let state = LANGUAGE;
  let extlangs = 0;
  let variants = 0;
  let digitSingletons = 0; // bit per singleton 0-9
  let letterSingletons = 0; // bit per singleton a-z
  let bodyParts = 0;
  let start = 0;
  for (;;) {
    let end = start;
    let letters = true;
    let digits = true;
    for (; end < n; end++) {
      const c = tag.charCodeAt(end);
      if (c === 45) break; // "-"
      const lower = c | 0x20;
      if (lower >= 97 && lower <= 122) digits = false;
      else if (c >= 48 && c <= 57) letters = false;
      else return isIrregular(tag);
    }
    const length = end - start;
    if (length === 0 || length > 8) return isIrregular(tag);
    const first = tag.charCodeAt(start) | 0x20;
    // Offer the subtag to each state in turn until one takes it (every optional part may be absent).
    for (let taken = false; !taken;) {
      switch (state) {
        case LANGUAGE:
          if (length === 1 && first === 120) {
            state = PRIVATE_USE; // the whole tag is private use: x-…
          } else {
            if (!letters || length === 1) return isIrregular(tag); // i-klingon and other irregulars
            state = length <= 3 ? EXTLANG : SCRIPT;
          }
          taken = true;
          break;
        case EXTLANG:
          if (letters && length === 3 && extlangs < 3) {
            extlangs++;
            taken = true;
          } else state = SCRIPT;
          break;
        case SCRIPT:
          if (letters && length === 4) taken = true;
          state = REGION;
          break;
        case REGION:
          if ((letters && length === 2) || (digits && length === 3)) taken = true;
          state = VARIANT;
          break;
        case VARIANT:
          if (length >= 5 || (length === 4 && first >= 48 && first <= 57)) {
            if (repeatsVariant(tag, start, length, variants)) return false;
            if (variants < variantAt.length) {
              variantAt[variants] = start;
              variantLength[variants] = length;
            }
            variants++;
            taken = true;
          } else state = EXTENSION;
          break;
        case EXTENSION:
          if (length !== 1) return isIrregular(tag);
          if (first === 120) {
            state = PRIVATE_USE;
          } else if (first <= 57) {
            const bit = 1 << (first - 48);
            if ((digitSingletons & bit) !== 0) return false;
            digitSingletons |= bit;
            state = EXTENSION_BODY;
          } else {
            const bit = 1 << (first - 97);
            if ((letterSingletons & bit) !== 0) return false;
            letterSingletons |= bit;
            state = EXTENSION_BODY;
          }
          bodyParts = 0;
          taken = true;
          break;
        case EXTENSION_BODY:
          if (length >= 2) {
            bodyParts++;
            taken = true;
          } else if (bodyParts === 0) return isIrregular(tag);
          else state = EXTENSION;
          break;
        default: // PRIVATE_USE: 1 to 8 letters or digits each
          bodyParts++;
          taken = true;
      }
    }
    if (end === n) break;
    start = end + 1;
  }
  if ((state === EXTENSION_BODY || state === PRIVATE_USE) && bodyParts === 0) return isIrregular(tag);
  return true;
}

function repeatsVariant(tag: string, start: number, length: number, seen: number): boolean {
  for (let v = 0; v < Math.min(seen, variantAt.length); v++) {
    if (variantLength[v] !== length) continue;
    const other = variantAt[v]!;
    let same = true;
    for (let i = 0; i < length && same; i++)
      same = (tag.charCodeAt(start + i) | 0x20) === (tag.charCodeAt(other + i) | 0x20);
    if (same) return true;
  }
  return false;
}

function isIrregular(tag: string): boolean {
  return tag.length <= 11 && IRREGULAR.has(tag.toLowerCase());
}
