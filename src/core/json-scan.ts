/**
 * Finds values in JSON text by position, without building a tree and without recursion, so that
 * neither a 500 MB document nor 100 000 levels of nesting can exhaust memory or the stack.
 * The locating functions assume text that JSON.parse has accepted; `syntaxErrorOffset` does not.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  isSpace,
} from "./char-codes.js";

export function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The offset just after the string that starts (with its quote) at `i`. */
export function skipString(text: string, i: number): number {
  // indexOf finds the next quote far faster than a loop over the characters (most of an event's
  // text is strings); the quote ends the string unless an odd run of backslashes escapes it.
  for (let quote = text.indexOf('"', i + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslash = quote - 1;
    while (backslash > i && text.charCodeAt(backslash) === BACKSLASH) backslash--;
    if ((quote - 1 - backslash) % 2 === 0) return quote + 1;
  }
  return text.length;
}

/** The offset just after the value that starts at `i`. */
export function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let j = i;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    }
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) j = skipString(text, j) - 1;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return text.length;
}

/** The decoded key of the string that starts at `i`, and where it ends. */
export function readKey(text: string, i: number): { key: string; end: number } {
  const end = skipString(text, i);
  const raw = text.slice(i, end);
  return { key: raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1), end };
}

/**
 * Within the container value at `at`, the offset of the child named by `segment`, or -1.
 * `keysUnique`: no object in the text repeats a key (its survey says so), so the first match is the last.
 */
export function childOffset(text: string, at: number, segment: string, keysUnique = false): number {
  const open = text.charCodeAt(at);
  if (open === OPEN_BRACKET) {
    if (!/^(0|[1-9][0-9]*)$/.test(segment)) return -1;
    const wanted = Number(segment);
    let i = skipSpace(text, at + 1);
    for (let index = 0; i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET; index++) {
      if (index === wanted) return i;
      i = skipSpace(text, skipValue(text, i));
      if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
    }
    return -1;
  }
  if (open !== OPEN_BRACE) return -1;
  // JSON.parse keeps the last of duplicate keys, so the scan does too.
  let found = -1;
  let i = skipSpace(text, at + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const { key, end } = readKey(text, i);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
    if (key === segment) {
      if (keysUnique) return i;
      found = i;
    }
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return found;
}

/**
 * The offset of the value at `path` below the value at `start`; when the path leads nowhere,
 * the offset of its deepest existing ancestor (`found` false).
 */
export function locate(
  text: string,
  start: number,
  path: readonly string[],
  keysUnique = false,
): { offset: number; found: boolean } {
  let at = skipSpace(text, start);
  for (const segment of path) {
    const child = childOffset(text, at, segment, keysUnique);
    if (child < 0) return { offset: at, found: false };
    at = child;
  }
  return { offset: at, found: true };
}

/** A node of the paths asked for: where its value starts (-1 until found), and the segments below it that were asked for. */
interface PathNode {
  offset: number;
  children: Map<string, PathNode>;
}

/**
 * The offsets of the values at `paths` below the value at `start`, in any order, scanning each
 * container on the way to them once (so a thousand diagnostics in one object of a thousand keys cost
 * one scan of it, not a thousand). For a path that leads nowhere, the offset of its deepest existing
 * ancestor, as `locate` gives. Duplicate keys: the last wins, as in JSON.parse; with `keysUnique`
 * (there are none) an object's scan stops once all of its children asked for are found.
 */
export function valueOffsets(
  text: string,
  start: number,
  paths: readonly (readonly string[])[],
  keysUnique = false,
): number[] {
  const root: PathNode = { offset: skipSpace(text, start), children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (child === undefined) node.children.set(segment, (child = { offset: -1, children: new Map() }));
      node = child;
    }
  }
  // Each container on the way is scanned once, but skipping a child costs its length: along a path
  // 100 000 levels deep that is quadratic. The ends of the containers, found in one pass, make a
  // skip one lookup.
  // Shallow paths (every event's usual diagnostics) skip as before: at most a few passes over the text.
  const ends = paths.some((path) => path.length > DEEP_PATH) ? containerEnds(text, root.offset) : undefined;
  const skip = (i: number) => ends?.get(i) ?? skipValue(text, i);
  const stack: PathNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const at = node.offset;
    const open = text.charCodeAt(at);
    if (open === OPEN_BRACKET) {
      let left = node.children.size;
      let i = skipSpace(text, at + 1);
      for (let index = 0; left > 0 && i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET; index++) {
        const child = node.children.get(String(index));
        if (child !== undefined) {
          child.offset = i;
          left--;
        }
        i = skipSpace(text, skip(i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
    } else if (open === OPEN_BRACE) {
      let left = keysUnique ? node.children.size : Infinity;
      let i = skipSpace(text, at + 1);
      while (left > 0 && i < text.length && text.charCodeAt(i) === QUOTE) {
        const { key, end } = readKey(text, i);
        i = skipSpace(text, end);
        if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
        const child = node.children.get(key);
        if (child !== undefined) {
          child.offset = i;
          left--;
        }
        i = skipSpace(text, skip(i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
    }
    for (const child of node.children.values()) if (child.offset >= 0 && child.children.size > 0) stack.push(child);
  }
  return paths.map((path) => {
    let node = root;
    for (const segment of path) {
      const child = node.children.get(segment)!;
      if (child.offset < 0) break;
      node = child;
    }
    return node.offset;
  });
}

/** Past this many levels, a path's skips would add up to many passes over the text. */
const DEEP_PATH = 32;

/** Where each object or array within the value at `start` ends (just after its close), by where it opens. */
function containerEnds(text: string, start: number): Map<number, number> {
  const ends = new Map<number, number>();
  const opens: number[] = [];
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) j = skipString(text, j) - 1;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) opens.push(j);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      ends.set(opens.pop()!, j + 1);
      if (opens.length === 0) break;
    } else if (opens.length === 0 && !isSpace(c)) break; // a scalar: nothing to skip
  }
  return ends;
}

/**
 * The offsets of many values, given in document order, in one forward pass: each is found from
 * the previous one's nearest shared ancestor, so an envelope of a million events costs one scan.
 * `keysUnique` as for childOffset.
 */
export function offsetsInOrder(text: string, paths: readonly (readonly string[])[], keysUnique = false): number[] {
  const offsets: number[] = [];
  let previous: readonly string[] = [];
  let trail: number[] = [skipSpace(text, 0)]; // trail[k]: offset of the value at previous[0..k)
  for (const path of paths) {
    let shared = 0;
    while (shared < path.length && shared < previous.length && path[shared] === previous[shared]) shared++;
    let at = trail[shared] ?? trail[0]!;
    const nextTrail = trail.slice(0, shared + 1);
    let depth = shared;
    // A later sibling in the same array: step over the elements in between instead of rescanning.
    const from = previous[depth];
    const to = path[depth];
    const sibling = trail[depth + 1];
    if (
      from !== undefined &&
      to !== undefined &&
      sibling !== undefined &&
      /^\d+$/.test(from) &&
      /^\d+$/.test(to) &&
      Number(to) > Number(from)
    ) {
      let i = sibling;
      for (let n = Number(from); n < Number(to); n++) {
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
      }
      at = i;
      nextTrail.push(at);
      depth++;
    }
    for (; depth < path.length; depth++) {
      const child = childOffset(text, at, path[depth]!, keysUnique);
      if (child < 0) break;
      at = child;
      nextTrail.push(at);
    }
    offsets.push(at);
    previous = path;
    trail = nextTrail;
  }
  return offsets;
}

/** A known position in a text: an offset, its 1-based line, where that line starts and ends. */
export interface Anchor {
  offset: number;
  line: number;
  lineStart: number;
  /** The offset of the newline that ends the line (the text's length for the last line). */
  lineEnd: number;
}

export function startOf(text: string, line: number): Anchor {
  const lineEnd = text.indexOf("\n");
  return { offset: 0, line, lineStart: 0, lineEnd: lineEnd < 0 ? text.length : lineEnd };
}

/**
 * The anchor of a later offset, counting newlines forward from an earlier anchor, so that walking
 * through a text in order costs one pass however long its lines are (a minified document is one).
 */
export function advance(text: string, from: Anchor, offset: number): Anchor {
  let { line, lineStart, lineEnd } = from;
  while (lineEnd < offset) {
    line++;
    lineStart = lineEnd + 1;
    const next = text.indexOf("\n", lineStart);
    lineEnd = next < 0 ? text.length : next;
  }
  return { offset, line, lineStart, lineEnd };
}

/**
 * Where text stops being JSON (RFC 8259), for the syntax errors V8 reports without a position.
 * An explicit stack, not recursion: deep nesting is an input like any other.
 */
export function syntaxErrorOffset(text: string): number {
  const stack: number[] = []; // OPEN_BRACE or OPEN_BRACKET
  let i = skipSpace(text, 0);
  let expectValue = true;
  while (true) {
    if (expectValue) {
      if (i >= text.length) return i;
      const c = text.charCodeAt(i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        stack.push(c);
        i = skipSpace(text, i + 1);
        const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        if (text.charCodeAt(i) === close) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === OPEN_BRACE) {
          const value = afterKey(text, i);
          if (value.error !== undefined) return value.error;
          i = value.at;
        }
        continue;
      }
      const end = c === QUOTE ? scanString(text, i) : scanLiteral(text, i);
      if (end < 0) return i;
      if (end > text.length) return text.length;
      i = end;
      expectValue = false;
      continue;
    }
    i = skipSpace(text, i);
    const top = stack[stack.length - 1];
    if (top === undefined) return i < text.length ? i : -1;
    const c = text.charCodeAt(i);
    if (i >= text.length) return i;
    if (c === COMMA) {
      i = skipSpace(text, i + 1);
      if (top === OPEN_BRACE) {
        const value = afterKey(text, i);
        if (value.error !== undefined) return value.error;
        i = value.at;
      }
      expectValue = true;
    } else if ((top === OPEN_BRACE && c === CLOSE_BRACE) || (top === OPEN_BRACKET && c === CLOSE_BRACKET)) {
      stack.pop();
      i++;
    } else return i;
  }
}

/** Past an object's key and its colon, at the value; or where that breaks. */
function afterKey(text: string, i: number): { at: number; error?: undefined } | { error: number } {
  const keyEnd = scanString(text, i);
  if (keyEnd < 0) return { error: i };
  if (keyEnd > text.length) return { error: text.length };
  const colon = skipSpace(text, keyEnd);
  if (text.charCodeAt(colon) !== COLON) return { error: colon };
  return { at: skipSpace(text, colon + 1) };
}

/** End of a valid string at `i`; -1 if none starts there (or at a bad character), length+1 if unterminated. */
function scanString(text: string, i: number): number {
  if (text.charCodeAt(i) !== QUOTE) return -1;
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c < 0x20) return -1;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      const e = text[j + 1];
      if (e === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -1;
        j += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j++;
      else return e === undefined ? text.length + 1 : -1;
    }
  }
  return text.length + 1;
}

const LITERAL = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null/y;

function scanLiteral(text: string, i: number): number {
  LITERAL.lastIndex = i;
  const match = LITERAL.exec(text);
  if (!match) return -1;
  return i + match[0].length;
}
