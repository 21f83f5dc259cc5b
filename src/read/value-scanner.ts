/**
 * Follows one JSON value through its lines, as they come, to find where it ends (another may start
 * right after it, on the same line) or where it stops being JSON. No tree is built and nothing is
 * recursive, so 100 000 levels of nesting cost a stack of numbers. JSON.parse still parses the value
 * once it is cut out, and says what is wrong with a broken one: this only says where.
 *
 * A JSON string holds no raw line break and a number or literal ends at one, so every token starts
 * and ends on one line: a line fed is scanned to its end with no token left open across lines.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  CR,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
  TAB,
} from "../core/char-codes.js";

/** RFC 7464's record separator: it starts every JSON text of a JSON text sequence. */
export const RS = 0x1e;

/** What a line told about the value (offsets are in that line). */
export type ScanStep =
  /** The value goes on after this line. */
  | { kind: "more" }
  /** The value ends just before `at`. */
  | { kind: "end"; at: number }
  /** The text stops being JSON at `at` (the line's length: it ends inside a string). */
  | { kind: "error"; at: number }
  /** A record separator at `at`: the value was cut short there, and a new text starts (RFC 7464). */
  | { kind: "cut"; at: number };

const enum Expect {
  /** A value: the document's, or after a colon or a comma in an array. */
  Value,
  /** A value or `]`: just after `[`. */
  FirstValue,
  /** A key or `}`: just after `{`. */
  FirstKey,
  /** A key: after a comma in an object. */
  Key,
  Colon,
  /** A comma or the container's end. */
  After,
}

/** A number or a literal, whole: what a run of the characters such tokens are made of must be. */
const SCALAR = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)$/;

export class ValueScanner {
  private readonly stack: number[] = [];
  /** Where each of the first three open containers began, on its line (its offset): all openValueColumn looks at, so deeper levels cost nothing here. */
  private readonly opened: number[] = [];
  private expect = Expect.Value;
  /** The last key of the document's own object, and whether the array open below it is that key's `data` or `statements`. */
  private topKey = "";
  private dataArray = false;

  /**
   * The column where the value that streamDocument would be cutting out (an element of the top
   * array or of `data`/`statements`, or another property's value) begins, when one is open across
   * lines; 0 when none is. Whole and streamed, a document is judged cut short by the same rule.
   */
  openValueColumn(): number {
    const depth = this.stack.length;
    if (depth < 2) return 0;
    if (this.dataArray) return depth >= 3 ? this.opened[2]! + 1 : 0;
    return this.opened[1]! + 1;
  }

  /** Whether a value may come next (after a colon, a comma in an array, or `[`): not a key, a colon, a comma or an end. */
  expectsValue(): boolean {
    return this.expect === Expect.Value || this.expect === Expect.FirstValue;
  }

  /** How many containers are open. */
  depth(): number {
    return this.stack.length;
  }

  /** The fewest containers open at any point since markLowest() (Infinity: none closed since). */
  lowest = Infinity;

  markLowest(): void {
    this.lowest = Infinity;
  }

  /** Scans `line` from `from` (the value's first character, on its first line). */
  feed(line: string, from = 0): ScanStep {
    const stack = this.stack;
    let expect = this.expect;
    for (let i = from; i < line.length;) {
      const c = line.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR) {
        i++;
        continue;
      }
      if (c === RS) return { kind: "cut", at: i };
      switch (expect) {
        case Expect.Value:
        case Expect.FirstValue:
          if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            if (stack.length === 1)
              this.dataArray =
                c === OPEN_BRACKET &&
                stack[0] === OPEN_BRACE &&
                (this.topKey === "data" || this.topKey === "statements");
            stack.push(c);
            if (stack.length <= 3) this.opened.push(i);
            expect = c === OPEN_BRACE ? Expect.FirstKey : Expect.FirstValue;
            i++;
            continue;
          }
          if (c === CLOSE_BRACKET && expect === Expect.FirstValue) {
            stack.pop();
            if (this.opened.length > stack.length) this.opened.pop();
            if (stack.length < this.lowest) this.lowest = stack.length;
            i++;
            break; // a value has ended: see below
          }
          if (c === QUOTE) {
            const end = stringEnd(line, i);
            if (end < 0) return { kind: "error", at: end === -1 ? line.length : -end - 2 };
            i = end;
            break;
          }
          {
            const end = scalarEnd(line, i);
            if (end === i || !SCALAR.test(line.slice(i, end))) return { kind: "error", at: i };
            i = end;
          }
          break;
        case Expect.FirstKey:
        case Expect.Key:
          if (c === CLOSE_BRACE && expect === Expect.FirstKey) {
            stack.pop();
            if (this.opened.length > stack.length) this.opened.pop();
            if (stack.length < this.lowest) this.lowest = stack.length;
            i++;
            break;
          }
          if (c !== QUOTE) return { kind: "error", at: i };
          {
            const end = stringEnd(line, i);
            if (end < 0) return { kind: "error", at: end === -1 ? line.length : -end - 2 };
            if (stack.length === 1) this.topKey = keyOf(line.slice(i, end));
            i = end;
          }
          expect = Expect.Colon;
          continue;
        case Expect.Colon:
          if (c !== COLON) return { kind: "error", at: i };
          expect = Expect.Value;
          i++;
          continue;
        case Expect.After: {
          const open = stack[stack.length - 1];
          if (c === COMMA) {
            expect = open === OPEN_BRACE ? Expect.Key : Expect.Value;
            i++;
            continue;
          }
          if ((c === CLOSE_BRACE && open === OPEN_BRACE) || (c === CLOSE_BRACKET && open === OPEN_BRACKET)) {
            stack.pop();
            if (this.opened.length > stack.length) this.opened.pop();
            if (stack.length < this.lowest) this.lowest = stack.length;
            i++;
            break;
          }
          return { kind: "error", at: i };
        }
      }
      // A value has just ended at i: the document's own, or one inside a container.
      if (stack.length === 0) {
        this.expect = expect;
        return { kind: "end", at: i };
      }
      expect = Expect.After;
    }
    this.expect = expect;
    return { kind: "more" };
  }
}

/**
 * The offset after the string that starts (with its quote) at `i`; -1 when the line ends inside it,
 * or -(k + 2) when it is not a JSON string from offset k (a raw control character, a bad escape).
 */
function stringEnd(line: string, i: number): number {
  for (let j = i + 1; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 0x20) return -(j + 2);
    if (c === BACKSLASH) {
      const e = line.charCodeAt(j + 1);
      if (e === 0x75 /* u */) {
        if (!/^[0-9a-fA-F]{4}$/.test(line.slice(j + 2, j + 6))) return j + 2 >= line.length ? -1 : -(j + 2);
        j += 5;
      } else if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      )
        j++;
      else return Number.isNaN(e) ? -1 : -(j + 2);
    }
  }
  return -1;
}

/** A key as written, quotes and escapes included, as the string it stands for. */
function keyOf(raw: string): string {
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** The end of the run of characters a number or literal is made of (a wrong one is then one bad token, as jq reads it). */
function scalarEnd(line: string, i: number): number {
  let j = i;
  for (; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (!(
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a) ||
      c === 0x2e ||
      c === 0x2b ||
      c === 0x2d
    ))
      break;
  }
  return j;
}
