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
}

/** The files of a run, in order, as its batches start them. */
export function fileEntry(name: string, part?: { firstLine: number; firstIndex: number }): FileEntry {
  return { name, firstLine: part?.firstLine ?? 1, firstIndex: part?.firstIndex ?? 0 };
}
