import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import { nameShown } from "../shown.js";
import { GradeevError, ioErrorMessage } from "../errors.js";

/**
 * One input to read: a file, or standard input. `walked`: found by walking a folder, not named on
 * the command line (a file that is not JSON at all is then reported, but its bytes are not copied
 * to --rejects: it may be anything that happened to be there). `path` is bytes for a name found by a
 * walk that is not UTF-8 (a string would be decoded with U+FFFD and name no file); `name` shows it.
 */
export type InputSource =
  { kind: "file"; name: string; path: string | Buffer; walked?: true } | { kind: "stdin"; name: string };

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
  /** Standard input's name in diagnostics and rejects ("<stdin>" by default): the file a part of it came from. */
  stdinName?: string;
}

/**
 * Expands paths into inputs before anything is read, so that a missing or unreadable path stops
 * the run (exit 2) before any output is written. Folders are walked recursively in name order.
 */
export async function resolveSources(paths: readonly string[], options: ResolveOptions = {}): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const path of paths) {
    if (path === "-") {
      sources.push({ kind: "stdin", name: options.stdinName ?? "<stdin>" });
      continue;
    }
    const info = await stat(path).catch((err: unknown) => {
      throw new GradeevError(
        ioErrorMessage(err, path) + (notFound(err) && path.includes("\ufffd") ? NOT_UTF8_ARGUMENT : ""),
      );
    });
    if (info.isDirectory()) {
      const walk = new FolderWalk(await realPath(Buffer.from(path)), options.followLinks === true, sources);
      await walk.folder(Buffer.from(path));
      if (walk.skipped.hidden + walk.skipped.links > 0) options.skipped?.({ folder: path, ...walk.skipped });
    } else sources.push({ kind: "file", name: path, path });
  }
  return sources;
}

/**
 * Node hands on a command-line argument's bytes that are not UTF-8 as U+FFFD, so a file so named
 * cannot be named there: it is not missing. As for any input that cannot be read, the run stops.
 */
const NOT_UTF8_ARGUMENT =
  " (if the name holds bytes that are not UTF-8, they reached gradeev as U+FFFD: name its folder instead, whose walk reads names as bytes)";

function notFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "ENOENT";
}

/** The real path, as bytes read one a character (latin1): names that are not UTF-8 stay distinct. */
async function realPath(path: Buffer): Promise<string> {
  const real = await realpath(path, { encoding: "buffer" }).catch((err: unknown) => {
    throw new GradeevError(ioErrorMessage(err, nameShown(path)));
  });
  return real.toString("latin1");
}

/** A path as Node takes it: a string when its bytes are UTF-8, else the bytes themselves. */
function pathOf(bytes: Buffer): string | Buffer {
  const text = bytes.toString("utf8");
  return Buffer.from(text).equals(bytes) ? text : bytes;
}

/** A folder named with its final separator (`exports/`, `/`) gets no second one: `exports//a.json` names no file a CI annotation can find. */
function joined(folder: Buffer, name: Buffer): Buffer {
  return folder.at(-1) === SEPARATOR[0] ? Buffer.concat([folder, name]) : Buffer.concat([folder, SEPARATOR, name]);
}

const SEPARATOR = Buffer.from(sep);
const DOT = 0x2e;

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

  /** Walks `folder`, given as bytes: names are read as bytes too, so that one not UTF-8 is opened as it is. */
  async folder(folder: Buffer): Promise<void> {
    const real = await realPath(folder);
    if (this.seen.has(real)) return;
    this.seen.add(real);
    const entries: { name: Buffer; isFolder: boolean }[] = [];
    try {
      for (const entry of await readdir(folder, { withFileTypes: true, encoding: "buffer" })) {
        // Hidden entries (.git, .docker, .ssh) are tools' and users' own files, never an export's.
        if (entry.name[0] === DOT) {
          this.skipped.hidden++;
          continue;
        }
        const path = joined(folder, entry.name);
        const name = entry.name.toString("latin1"); // its extension is ASCII: read so, whatever the rest
        let isFolder = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          const target = await stat(path).catch(() => undefined); // a dangling link is skipped, as `find -L` does
          if (!target) continue;
          isFolder = target.isDirectory();
          isFile = target.isFile();
          if (!(isFolder || (isFile && EVENT_FILE.test(name)))) continue;
          const real = await realPath(path).catch(() => "");
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
        if (isFolder || (isFile && EVENT_FILE.test(name))) entries.push({ name: entry.name, isFolder });
      }
    } catch (err) {
      throw new GradeevError(ioErrorMessage(err, nameShown(folder)));
    }
    // By bytes, which for UTF-8 names is by code point, as comparing the strings was.
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const path = joined(folder, entry.name);
      if (entry.isFolder) await this.folder(path);
      else this.into.push({ kind: "file", name: nameShown(path), path: pathOf(path), walked: true });
    }
  }

  private hiddenInside(real: string): boolean {
    return (
      this.inside(real) &&
      relative(this.root, real)
        .split(sep)
        .some((part) => part.startsWith("."))
    );
  }

  private inside(real: string): boolean {
    if (real === "") return false;
    const path = relative(this.root, real);
    return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
  }
}
