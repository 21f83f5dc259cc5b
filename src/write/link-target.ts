import { lstat, readlink } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** Linux's limit on symbolic links followed in one lookup (MAXSYMLINKS). */
export const MAX_LINKS = 40;

/**
 * Where writing to `path` would land: through every symbolic link, even one whose target does not
 * exist yet (a shell's `>` creates that target and keeps the link). `path` itself when it is no link.
 */
export async function linkTarget(path: string): Promise<string> {
  let current = path;
  for (let followed = 0; followed < MAX_LINKS; followed++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  return current; // a loop: opening it fails with ELOOP, which says so
}
