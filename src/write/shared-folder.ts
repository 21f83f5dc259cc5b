import { lstat, readlink, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, sep } from "node:path";
import { GradeevError } from "../errors.js";
import { MAX_LINKS } from "./link-target.js";

const S_ISVTX = 0o1000;

/**
 * Whether an entry of a folder may be followed (a symbolic link) or written (a file, a FIFO). In a
 * sticky folder (/tmp), where anyone may create entries but only their owner may remove them, an
 * entry owned by neither us nor the folder's owner may have been planted to send our output
 * elsewhere or to a file its planter reads. Linux refuses those too (fs.protected_symlinks,
 * protected_regular), for a shell's `>` as well; we refuse them wherever the kernel is not set to.
 */
export function mayFollow(entry: { uid: number }, folder: { mode: number; uid: number }, uid: number): boolean {
  return (folder.mode & S_ISVTX) === 0 || entry.uid === uid || entry.uid === folder.uid;
}

/**
 * Walks an output path as the kernel does, part by part (`..` after a link leaves where the link
 * points), and refuses (exit 2, one line) a link on the way, or an existing file at its end, that
 * mayFollow() does not allow. A part that does not exist yet ends the walk: nothing was planted there.
 */
export async function refusePlanted(path: string, uid: number): Promise<void> {
  let folder = isAbsolute(path) ? sep : process.cwd();
  const parts = path.split(sep);
  for (let links = 0; parts.length > 0;) {
    const part = parts.shift()!;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      folder = dirname(folder);
      continue;
    }
    const here = join(folder, part);
    const entry = await lstat(here).catch(() => undefined);
    if (!entry) return;
    if (entry.isSymbolicLink() || (parts.every((rest) => rest === "" || rest === ".") && !entry.isDirectory())) {
      const within = await stat(folder).catch(() => undefined);
      if (within && !mayFollow(entry, within, uid)) {
        const [what, done] = entry.isSymbolicLink() ? ["symbolic link", "followed"] : ["file", "replaced"];
        throw new GradeevError(
          `${path}: a ${what} another user owns in a shared folder (sticky), ${folder}: not ${done}; name another file`,
        );
      }
    }
    if (!entry.isSymbolicLink()) {
      folder = here;
      continue;
    }
    if (++links > MAX_LINKS) return; // the write itself reports the loop
    const target = await readlink(here).catch(() => undefined);
    if (target === undefined) return;
    if (isAbsolute(target)) folder = sep;
    parts.unshift(...target.split(sep));
  }
}
