/**
 * Records as a Parquet file, typed as `gradeev columns` says (text and exact decimals as UTF-8
 * strings, booleans as BOOLEAN), written a row group at a time: memory holds one group's records
 * and its encoded bytes, never the whole file. hyparquet-writer (pure JavaScript, no native build)
 * is loaded when the first group is written, so no other command pays for it.
 */
import { surrogatesShown } from "../shown.js";
import { RECORD_COLUMNS, type GradeRecord, type RecordColumn } from "../types.js";
import { RECORD_COLUMN_TYPES } from "./record-columns.js";
import type { RecordWriter } from "./writers.js";

/** Rows per row group: what a group's records and encoded bytes cost in memory is bounded by this. */
export const ROW_GROUP_ROWS = 10_000;

type Hyparquet = typeof import("hyparquet-writer");
type Cell = string | boolean | null;

/** Writes a Parquet file through `send`, which resolves once it no longer holds the bytes it was given. */
export function parquetRecordWriter(
  send: (bytes: Uint8Array) => Promise<void>,
  columns: readonly RecordColumn[] = RECORD_COLUMNS,
): RecordWriter {
  let rows: GradeRecord[] = [];
  let file: Promise<{ parquet: InstanceType<Hyparquet["ParquetWriter"]>; drain: () => Promise<void> }> | undefined;
  const open = async () => {
    const { ByteWriter, ParquetWriter, schemaFromColumnData } = await import("hyparquet-writer");
    const bytes = new ByteWriter();
    // The bytes of each group go out as soon as it is encoded, and the buffer is used again.
    const drain = async () => {
      if (bytes.index === 0) return;
      await send(new Uint8Array(bytes.buffer, 0, bytes.index));
      bytes.index = 0;
    };
    Object.assign(bytes, { flush: drain });
    const schema = schemaFromColumnData({
      columnData: columns.map((name) => ({
        name,
        data: [],
        type: RECORD_COLUMN_TYPES[name].sql === "BOOLEAN" ? "BOOLEAN" : "STRING",
        nullable: true,
      })),
    });
    return { parquet: new ParquetWriter({ writer: bytes, schema, createdBy: "gradeev" }), drain };
  };
  const writeGroup = async () => {
    const { parquet, drain } = await (file ??= open());
    const group = rows;
    rows = [];
    const columnData = columns.map((name) => ({ name, data: group.map((record) => cellOf(record[name])) }));
    await parquet.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
    await drain();
  };
  return {
    async write(record) {
      rows.push(record);
      if (rows.length >= ROW_GROUP_ROWS) await writeGroup();
    },
    writeFormatted() {
      return Promise.reject(new Error("Parquet is written from records, not from formatted text"));
    },
    async end() {
      if (rows.length > 0) await writeGroup();
      const { parquet, drain } = await (file ??= open());
      await parquet.finish();
      await drain();
    },
  };
}

/** A lone surrogate cannot be written as UTF-8: shown as the text `\uD800`, as CSV and JSON show it, so ids stay distinct. */
function cellOf(value: GradeRecord[RecordColumn] | undefined): Cell {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? surrogatesShown(value) : value;
}
