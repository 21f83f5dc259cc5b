/** A run that cannot go on (missing file, bad option): exit 2 with one line, never a stack trace. */
export class GradeevError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 = 2,
  ) {
    super(message);
    this.name = "GradeevError";
  }
}

/** Turns a Node system error into the one line a user needs, naming the path. */
export function ioErrorMessage(err: unknown, path: string): string {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  const reason: Record<string, string> = {
    ENOENT: "no such file or folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "is a folder, not a file",
    ENOTDIR: "not a folder",
    ELOOP: "too many levels of symbolic links",
    ENOSPC: "no space left on the device",
    EROFS: "read-only file system",
    EMFILE: "too many open files",
  };
  return `${path}: ${reason[code] ?? (err instanceof Error ? err.message : String(err))}`;
}

/** The reader of a pipe went away (`| head -1`): a way for a run to end, not a failure. */
export function isBrokenPipe(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "EPIPE";
}
