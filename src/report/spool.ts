import { randomBytes } from "node:crypto";
import { open, unlink, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { forgetTemporary, rememberTemporary } from "../write/temporaries.js";

/**
 * The body of a report whose head needs totals known only at the end (JSON, SARIF, JUnit): records
 * kept in memory up to `memoryBytes`, then moved to a temporary file in the OS temporary folder and
 * appended there, so that a run's memory does not grow with its diagnostics. The file is unlinked as
 * soon as it is open where the system allows it (nothing is left even after a kill); elsewhere it is
 * removed by close() or, on Ctrl-C or SIGTERM, with the other temporary files.
 */

export interface SpoolOptions {
  /** Bytes (UTF-8) of records held in memory before they go to a temporary file; 4 MiB by default. */
  memoryBytes?: number;
}

const MEMORY_BYTES = 4 * 1024 * 1024;
/** Records are written to the file, and read back, in pieces of about this size. */
const BLOCK_BYTES = 1024 * 1024;

export class Spool {
  private readonly memoryBytes: number;
  /** Byte offset of each record, in the order appended (8 bytes a record, not the record). */
  private offsets = new Float64Array(1024);
  private records = 0;
  /** Records not yet in the file: all of them until the first flush, then the last few. */
  private held: string[] = [];
  private heldBytes = 0;
  private fileBytes = 0;
  private file: FileHandle | undefined;
  private path: string | undefined;

  constructor(options: SpoolOptions = {}) {
    this.memoryBytes = options.memoryBytes ?? MEMORY_BYTES;
  }

  get count(): number {
    return this.records;
  }

  /** True once the records went to a temporary file. */
  get spilled(): boolean {
    return this.file !== undefined;
  }

  /** Bytes of records held in memory now. */
  get inMemory(): number {
    return this.heldBytes;
  }

  async append(record: string): Promise<void> {
    if (this.records === this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[this.records++] = this.fileBytes + this.heldBytes;
    this.held.push(record);
    this.heldBytes += Buffer.byteLength(record, "utf8");
    if (this.heldBytes >= (this.file ? BLOCK_BYTES : this.memoryBytes)) await this.flush();
  }

  /** The records in `order` (by default as appended), each once asked for. */
  async *read(order: Iterable<number> = range(this.records)): AsyncGenerator<string> {
    if (!this.file) {
      for (const i of order) yield this.held[i] ?? "";
      return;
    }
    await this.flush();
    const file = this.file;
    let block = Buffer.alloc(0);
    let blockStart = 0;
    for (const i of order) {
      const start = this.offsets[i] ?? 0;
      const end = i + 1 < this.records ? (this.offsets[i + 1] ?? 0) : this.fileBytes;
      if (start < blockStart || end > blockStart + block.length) {
        block = Buffer.alloc(Math.max(BLOCK_BYTES, end - start));
        const { bytesRead } = await file
          .read(block, 0, block.length, start)
          .catch((err: unknown) => Promise.reject(this.failure(err)));
        block = block.subarray(0, bytesRead);
        blockStart = start;
      }
      yield block.toString("utf8", start - blockStart, end - blockStart);
    }
  }

  /** Gives back the memory and removes the file; safe to call more than once. */
  async close(): Promise<void> {
    this.held = [];
    this.heldBytes = 0;
    const [file, path] = [this.file, this.path];
    this.file = undefined;
    this.path = undefined;
    await file?.close().catch(() => {});
    if (path !== undefined) {
      await unlink(path).catch(() => {});
      forgetTemporary(path);
    }
  }

  private async flush(): Promise<void> {
    if (this.held.length === 0) return;
    this.file ??= await this.create();
    const bytes = Buffer.from(this.held.join(""), "utf8");
    this.held = [];
    this.heldBytes = 0;
    for (let written = 0; written < bytes.length;) {
      const { bytesWritten } = await this.file
        .write(bytes, written, bytes.length - written, this.fileBytes + written)
        .catch((err: unknown) => Promise.reject(this.failure(err)));
      written += bytesWritten;
    }
    this.fileBytes += bytes.length;
  }

  private async create(): Promise<FileHandle> {
    const path = join(tmpdir(), `gradeev-report-${randomBytes(6).toString("hex")}.tmp`);
    const file = await open(path, "wx+", 0o600).catch((err: unknown) => Promise.reject(this.failure(err, path)));
    // Unlinked while open (POSIX): the data stays reachable through the handle and goes with it.
    const unlinked = await unlink(path).then(
      () => true,
      () => false,
    );
    if (!unlinked) {
      this.path = path;
      rememberTemporary(path);
    }
    return file;
  }

  private failure(err: unknown, path = this.path ?? join(tmpdir(), "gradeev-report-*.tmp")): GradeevError {
    return new GradeevError(`cannot hold the report in a temporary file: ${ioErrorMessage(err, path)}`);
  }
}

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}
