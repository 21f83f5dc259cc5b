import type { LineGap } from "../types.js";

/**
 * The file's line for line `line` of a text that some runs of blank lines were left out of (see
 * SourceText.lineGaps): the line itself when none were left out before it.
 */
export function lineInFile(gaps: readonly LineGap[] | undefined, line: number): number {
  if (!gaps || gaps.length === 0 || line <= gaps[0]!.line) return line;
  // The last gap before the line: a header may have many runs, and a diagnostic asks for each of its places.
  let low = 0;
  let high = gaps.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (gaps[middle]!.line < line) low = middle;
    else high = middle - 1;
  }
  return line + gaps[low]!.skipped;
}
