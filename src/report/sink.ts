import type { Writable } from "node:stream";
import type { Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import type { FileEntry } from "./files.js";
import { GradeevError, ioErrorMessage, isBrokenPipe } from "../errors.js";

/**
 * Where a report goes, written piece by piece. Each write waits while the stream is full
 * (backpressure); once its reader has gone away (`| head -c 100`, EPIPE) the rest is dropped quietly.
 */
export interface ReportSink {
  write(text: string): Promise<void>;
  closed(): boolean;
}

/** A report written as results arrive: nothing about a run is held whole. */
export interface ReportWriter {
  /** A file read, in order: a file without diagnostics may still have its place in the report. */
  file(name: string): void;
  diagnostic(d: Diagnostic): Promise<void>;
  /** Writes what only the end knows (totals, the files read, and the body held until then). */
  end(summary: Summary, files?: readonly FileEntry[]): Promise<void>;
  /** Gives back what the report held (its temporary file); after end(), or instead of it on failure. */
  close(): Promise<void>;
}

/** `name`: the stream as an error message names it (`standard output`). */
export function streamSink(out: Writable, name: string): ReportSink {
  let gone = false;
  return {
    async write(text) {
      if (gone || text === "") return;
      const failed = out.errored ?? (out.destroyed ? { code: "EPIPE" } : undefined);
      if (failed === undefined && out.write(text)) return;
      if (failed === undefined)
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off("drain", done);
            out.off("error", done);
            out.off("close", done);
            resolve();
          };
          out.on("drain", done).on("error", done).on("close", done);
        });
      const err = out.errored ?? failed;
      if (err === undefined) return;
      if (isBrokenPipe(err)) gone = true;
      else throw new GradeevError(`cannot write ${ioErrorMessage(err, name)}`);
    },
    closed: () => gone || isBrokenPipe(out.errored),
  };
}

/** Small pieces go out together: one write of about this many characters rather than thousands. */
export const PIECE_CHARS = 64 * 1024;

/** Collects text into pieces of about PIECE_CHARS before handing them to the sink. */
export function batched(sink: ReportSink): { add(text: string): Promise<void>; flush(): Promise<void> } {
  let pending = "";
  return {
    async add(text) {
      pending += text;
      if (pending.length >= PIECE_CHARS) {
        const piece = pending;
        pending = "";
        await sink.write(piece);
      }
    },
    async flush() {
      const piece = pending;
      pending = "";
      await sink.write(piece);
    },
  };
}
