/**
 * One input of a run as the JSON report lists it: a file, or a part of one (standard input with
 * --stdin-name, --first-line and --first-index). What merging the reports of parts needs: every
 * file read, clean or not, and which part continues which.
 */
export interface FileEntry {
  name: string;
  /** The line and event index of the file the input starts at: 1 and 0 for a whole file. */
  firstLine: number;
  firstIndex: number;
  /**
   * Set when the input was declared a part of the file (standard input given --first-line or
   * --first-index): a part at line 1 after the same file is then that part repeated, where a
   * file read again (a run over `f f`) is a new reading.
   */
  part?: true;
}

/** The files of a run, in order, as its batches start them. */
export function fileEntry(name: string, part?: { firstLine: number; firstIndex: number }): FileEntry {
  return { name, firstLine: part?.firstLine ?? 1, firstIndex: part?.firstIndex ?? 0, ...(part && { part: true }) };
}
