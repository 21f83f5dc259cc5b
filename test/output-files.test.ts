/** Temporary names of output files. */
import { describe, expect, it } from "vitest";
import { temporaryName, temporaryOwner } from "../src/write/temporaries.js";

describe("temporary names say whose they are: this host and process", () => {
  it("a temporary name is recognised, with its process id; other names are not ours", () => {
    const name = temporaryName("/data/grades.csv", "tmp", 4242).split("/").pop()!;
    expect(name).toMatch(/^\.grades\.csv\.gradeev-[0-9a-f]{8}-4242-[0-9a-f]{8}\.tmp$/);
    expect(temporaryOwner(name)).toEqual({ host: expect.stringMatching(/^[0-9a-f]{8}$/), pid: 4242 });
    expect(temporaryOwner(temporaryName("/data/grades.csv", "old", 7).split("/").pop()!)?.pid).toBe(7);
    for (const other of ["grades.csv", ".grades.csv.1a2b3c4d.tmp", ".grades.csv.gradeev-zz-1-12345678.tmp", `${name}~`, "gradeev-0a0b0c0d-1-12345678.tmp"])
      expect(temporaryOwner(other), other).toBeUndefined();
  });
});
