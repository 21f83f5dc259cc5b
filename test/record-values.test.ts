import { describe, expect, it } from "vitest";
import { RECORD_COLUMNS, type GradeRecord } from "../src/types.js";
import { valuesInColumnOrder } from "../src/write/record-values.js";

describe("valuesInColumnOrder", () => {
  it("reads every column, in RECORD_COLUMNS order", () => {
    // A distinct value per column, so that a column read twice or out of place shows.
    const record = Object.fromEntries(
      RECORD_COLUMNS.map((column) => [column, `value of ${column}`]),
    ) as unknown as GradeRecord;
    expect(valuesInColumnOrder(record)).toEqual(RECORD_COLUMNS.map((column) => `value of ${column}`));
  });
});
