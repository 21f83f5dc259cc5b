/**
 * An event's content in one canonical text, so that two events compare equal exactly when their
 * JSON says the same thing however it was written: object members in any order (RFC 8259 §4: an
 * object is an unordered collection), strings however escaped, numbers by exact decimal value
 * (decimal.ts). Read from the event's own text, which keeps every number's digits, and built and
 * written without recursion, so that any depth JSON.parse accepts is fine (100 000 levels).
 */
import { createHash } from "node:crypto";
import { CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from "../core/char-codes.js";
import { canonicalDecimal } from "../core/decimal.js";
import { readKey, skipSpace, skipString, skipValue } from "../core/json-scan.js";

/** A scalar is held as its canonical JSON text: a string starts with a quote, a number is canonicalDecimal's. */
export type Tree = string | TreeArray | TreeObject;
export interface TreeArray {
  items: Tree[];
  /** Set where a standard says the order means nothing (xAPI: a Group's members). */
  unordered?: true;
}
export interface TreeObject {
  /** JSON.parse keeps the last of duplicate keys, and so does this. */
  members: Map<string, Tree>;
}

export function isTreeObject(tree: Tree | undefined): tree is TreeObject {
  return typeof tree === "object" && "members" in tree;
}

export function isTreeArray(tree: Tree | undefined): tree is TreeArray {
  return typeof tree === "object" && "items" in tree;
}

/** The string a scalar holds, or null when it holds none. */
export function treeString(tree: Tree | undefined): string | null {
  return typeof tree === "string" && tree.charCodeAt(0) === QUOTE ? (JSON.parse(tree) as string) : null;
}

export function stringTree(value: string): string {
  return JSON.stringify(value);
}

/** The value that starts at `start` in text JSON.parse has accepted. */
export function parseTree(text: string, start: number): Tree {
  const open: { node: TreeArray | TreeObject; key: string }[] = [];
  let i = skipSpace(text, start);
  for (;;) {
    let value: Tree;
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const node: TreeArray | TreeObject = c === OPEN_BRACE ? { members: new Map() } : { items: [] };
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) !== (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        const frame = { node, key: "" };
        if (c === OPEN_BRACE) i = memberStart(text, i, frame);
        open.push(frame);
        continue;
      }
      i++;
      value = node;
    } else if (c === QUOTE) {
      const end = skipString(text, i);
      const raw = text.slice(i, end);
      value = raw.includes("\\") ? JSON.stringify(JSON.parse(raw)) : raw;
      i = end;
    } else {
      const end = skipValue(text, i);
      const raw = text.slice(i, end);
      value = canonicalDecimal(raw) ?? raw; // true, false, null
      i = end;
    }
    // Put the value in its container, closing every container that ends after it.
    for (;;) {
      const top = open.at(-1);
      if (top === undefined) return value;
      if ("items" in top.node) top.node.items.push(value);
      else top.node.members.set(top.key, value);
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === COMMA) {
        i = skipSpace(text, i + 1);
        if ("members" in top.node) i = memberStart(text, i, top);
        break;
      }
      i++; // } or ]
      open.pop();
      value = top.node;
    }
  }
}

/** Reads the key at `i` into the frame; returns where its value starts. */
function memberStart(text: string, i: number, frame: { key: string }): number {
  const { key, end } = readKey(text, i);
  frame.key = key;
  return skipSpace(text, skipSpace(text, end) + 1);
}

/** The canonical text: members sorted by key (UTF-16 code units), no white space, unordered arrays sorted. */
export function canonicalText(tree: Tree): string {
  const out: string[] = [];
  const work: Tree[] = [tree]; // a string on the stack is written as it is
  while (work.length > 0) {
    const next = work.pop()!;
    if (typeof next === "string") out.push(next);
    else if ("items" in next) {
      if (next.unordered) {
        out.push(`[${next.items.map(canonicalText).sort().join(",")}]`);
        continue;
      }
      work.push("]");
      for (let k = next.items.length - 1; k >= 0; k--) {
        work.push(next.items[k]!);
        if (k > 0) work.push(",");
      }
      work.push("[");
    } else {
      const keys = [...next.members.keys()].sort();
      work.push("}");
      for (let k = keys.length - 1; k >= 0; k--) {
        work.push(next.members.get(keys[k]!)!);
        work.push(`${k > 0 ? "," : ""}${JSON.stringify(keys[k])}:`);
      }
      work.push("{");
    }
  }
  return out.join("");
}

/** A short fingerprint of the canonical text (SHA-256: no one can make two contents share one). */
export function digestOf(tree: Tree): string {
  return createHash("sha256").update(canonicalText(tree)).digest("base64");
}
