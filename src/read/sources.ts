import { opendir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { GradeevError, ioErrorMessage } from "../errors.js";

/** One input to read: a file, or standard input. */
export type InputSource = { kind: "file"; name: string; path: string } | { kind: "stdin"; name: "<stdin>" };

/** Files a folder contributes; a file named on the command line is read whatever its name. */
const EVENT_FILE = /\.(json|ndjson|jsonl)(\.gz)?$/i;

/**
 * Expands paths into inputs before anything is read, so that a missing or unreadable path stops
 * the run (exit 2) before any output is written. Folders are walked recursively in name order.
 */
export async function resolveSources(paths: readonly string[]): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const path of paths) {
    if (path === "-") {
      sources.push({ kind: "stdin", name: "<stdin>" });
      continue;
    }
    const info = await stat(path).catch((err: unknown) => {
      throw new GradeevError(ioErrorMessage(err, path));
    });
    if (info.isDirectory()) await walk(path, sources, new Set());
    else sources.push({ kind: "file", name: path, path });
  }
  return sources;
}

async function walk(folder: string, into: InputSource[], seen: Set<string>): Promise<void> {
  // A symlink loop would otherwise walk forever: visit each real folder once.
  const real = await realpath(folder).catch((err: unknown) => {
    throw new GradeevError(ioErrorMessage(err, folder));
  });
  if (seen.has(real)) return;
  seen.add(real);
  const entries: { name: string; isFolder: boolean }[] = [];
  try {
    for await (const entry of await opendir(folder)) {
      const path = join(folder, entry.name);
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined); // a dangling link is skipped, as `find -L` does
        if (!target) continue;
        isFolder = target.isDirectory();
        isFile = target.isFile();
      }
      // FIFOs, sockets and devices inside a folder are not export files: reading one could wait forever.
      if (isFolder || (isFile && EVENT_FILE.test(entry.name))) entries.push({ name: entry.name, isFolder });
    }
  } catch (err) {
    throw new GradeevError(ioErrorMessage(err, folder));
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFolder) await walk(path, into, seen);
    else into.push({ kind: "file", name: path, path });
  }
}
