import { parseTree, type Node } from "jsonc-parser";
import type { SourceText } from "../types.js";
import { parsePointer } from "./json.js";

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Finds values in the text they were parsed from. The syntax tree is built lazily, only when a
 * diagnostic or an unusual number needs it, so valid events pay nothing.
 */
export class SourceLocator {
  private tree: Node | undefined | null = null;
  private lineStarts: number[] | null = null;

  constructor(private readonly source: SourceText) {}

  /** The node at a document pointer, or the deepest existing ancestor when the value is absent. */
  private node(pointer: string): Node | undefined {
    if (this.tree === null) this.tree = parseTree(this.source.text, [], { disallowComments: true });
    let node = this.tree;
    for (const segment of parsePointer(pointer)) {
      const child = node && childOf(node, segment);
      if (!child) break;
      node = child;
    }
    return node;
  }

  position(pointer: string): TextPosition {
    const node = this.node(pointer);
    // For a property, point at its key: that is where a reader looks.
    const target = node?.parent?.type === "property" ? node.parent : node;
    return this.positionAt(target?.offset ?? 0);
  }

  positionAt(offset: number): TextPosition {
    const starts = (this.lineStarts ??= lineStartsOf(this.source.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: this.source.firstLine + low, column: offset - (starts[low] ?? 0) + 1 };
  }

  /** The exact text of a number value, or undefined when the pointer does not lead to a number. */
  numberText(pointer: string): string | undefined {
    const node = this.node(pointer);
    if (node?.type !== "number") return undefined;
    return this.source.text.slice(node.offset, node.offset + node.length);
  }
}

function childOf(node: Node, segment: string): Node | undefined {
  if (node.type === "array") return /^(0|[1-9][0-9]*)$/.test(segment) ? node.children?.[Number(segment)] : undefined;
  if (node.type !== "object") return undefined;
  // JSON.parse keeps the last of duplicate keys, so the locator does too.
  return node.children?.findLast((property) => property.children?.[0]?.value === segment)?.children?.[1];
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * Whether the text may hold a number that `String(Number(text))` would not reproduce:
 * trailing zeros (`10.0`), an exponent (`1E2`) or more digits than a double keeps.
 * A cheap over-approximation: a false hit only costs a lookup in the syntax tree.
 */
export function mayHoldUnusualNumbers(text: string): boolean {
  return UNUSUAL_NUMBER.test(text);
}

const UNUSUAL_NUMBER = /[:,[]\s*-?(?:[0-9]+\.[0-9]*0\s*[,}\]\r\n]|[0-9.]+[eE]|[0-9]{16,})/;

const locators = new WeakMap<SourceText, SourceLocator>();

/** One locator per source text, shared by the reader and the core. */
export function locatorFor(source: SourceText): SourceLocator {
  let locator = locators.get(source);
  if (!locator) {
    locator = new SourceLocator(source);
    locators.set(source, locator);
  }
  return locator;
}
