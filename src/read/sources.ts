import { opendir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { GradeevError, ioErrorMessage } from "../errors.js";

/**
 * One input to read: a file, or standard input. `walked`: found by walking a folder, not named on
 * the command line (a file that is not JSON at all is then reported, but its bytes are not copied
 * to --rejects: it may be anything that happened to be there).
 */
export type InputSource = { kind: "file"; name: string; path: string; walked?: true } | { kind: "stdin"; name: "<stdin>" };

/** Files a folder contributes; a file named on the command line is read whatever its name. */
const EVENT_FILE = /\.(json|ndjson|jsonl)(\.gz)?$/i;

/** What a folder walk left out on purpose, per folder named on the command line. */
export interface SkippedEntries {
  folder: string;
  /** Entries whose name starts with a dot (.git, .docker, .env.json …), files and folders. */
  hidden: number;
  /** Symbolic links whose target lies outside the folder named (without --follow-links). */
  links: number;
}

export interface ResolveOptions {
  /** Follow symbolic links that lead out of the folder named, as `find -L` does. */
  followLinks?: boolean;
  /** Hears what each folder walk skipped (hidden entries, links out of the folder), when it skipped any. */
  skipped?: (entries: SkippedEntries) => void;
}

/**
 * Expands paths into inputs before anything is read, so that a missing or unreadable path stops
 * the run (exit 2) before any output is written. Folders are walked recursively in name order.
 */
export async function resolveSources(paths: readonly string[], options: ResolveOptions = {}): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const path of paths) {
    if (path === "-") {
      sources.push({ kind: "stdin", name: "<stdin>" });
      continue;
    }
    const info = await stat(path).catch((err: unknown) => {
      throw new GradeevError(ioErrorMessage(err, path));
    });
    if (info.isDirectory()) {
      const walk = new FolderWalk(await realPath(path), options.followLinks === true, sources);
      await walk.folder(path);
      if (walk.skipped.hidden + walk.skipped.links > 0) options.skipped?.({ folder: path, ...walk.skipped });
    } else sources.push({ kind: "file", name: path, path });
  }
  return sources;
}

async function realPath(path: string): Promise<string> {
  return realpath(path).catch((err: unknown) => {
    throw new GradeevError(ioErrorMessage(err, path));
  });
}

/** One folder named on the command line, walked: what it contributes goes to `into`. */
class FolderWalk {
  readonly skipped = { hidden: 0, links: 0 };
  // A symlink loop would otherwise walk forever: visit each real folder once.
  private readonly seen = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly followLinks: boolean,
    private readonly into: InputSource[],
  ) {}

  async folder(folder: string): Promise<void> {
    const real = await realPath(folder);
    if (this.seen.has(real)) return;
    this.seen.add(real);
    const entries: { name: string; isFolder: boolean }[] = [];
    try {
      for await (const entry of await opendir(folder)) {
        // Hidden entries (.git, .docker, .ssh) are tools' and users' own files, never an export's.
        if (entry.name.startsWith(".")) {
          this.skipped.hidden++;
          continue;
        }
        const path = join(folder, entry.name);
        let isFolder = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          const target = await stat(path).catch(() => undefined); // a dangling link is skipped, as `find -L` does
          if (!target) continue;
          isFolder = target.isDirectory();
          isFile = target.isFile();
          if (!(isFolder || (isFile && EVENT_FILE.test(entry.name)))) continue;
          const real = await realpath(path).catch(() => "");
          // A link to a hidden entry of the tree (.cache/x.json, or .cache itself) reads what hiding keeps out.
          if (this.hiddenInside(real)) {
            this.skipped.hidden++;
            continue;
          }
          // A link out of the folder named (to a home folder, say) would read what the user never named.
          if (!this.followLinks && !this.inside(real)) {
            this.skipped.links++;
            continue;
          }
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
      if (entry.isFolder) await this.folder(path);
      else this.into.push({ kind: "file", name: path, path, walked: true });
    }
  }

  private hiddenInside(real: string): boolean {
    return this.inside(real) && relative(this.root, real).split(sep).some((part) => part.startsWith("."));
  }

  private inside(real: string): boolean {
    if (real === "") return false;
    const path = relative(this.root, real);
    return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
  }
}
