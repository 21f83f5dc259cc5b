/**
 * The member-by-member gunzip: what zlib's gunzip gives on good data (one member, several, headers
 * with every optional field, zero padding, any chunking), and on bad data everything inflated before
 * the fault, then the fault (trailing garbage, a cut, a bad checksum).
 */
import { crc32, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzip } from "../src/read/gunzip.js";

const text = (n: number, seed = "") =>
  Buffer.from(Array.from({ length: n }, (_, i) => `{"line": ${i}, "seed": "${seed}"}\n`).join(""));

/** Feeds `bytes` in chunks of `size`, gathering the output and the error, if any. */
async function run(bytes: Buffer, size = 65536): Promise<{ out: Buffer; error?: string }> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const parts: Buffer[] = [];
  try {
    for await (const part of gunzip(chunks())) parts.push(part);
  } catch (err) {
    return { out: Buffer.concat(parts), error: `${(err as { code?: string }).code}: ${(err as Error).message}` };
  }
  return { out: Buffer.concat(parts) };
}

/** A gzip header with every optional field (FEXTRA, FNAME, FCOMMENT, FHCRC) before `member`'s deflate data. */
function withAllHeaderFields(member: Buffer, headerCrc?: number): Buffer {
  const extra = Buffer.from([4, 0, 0x41, 0x42, 0x43, 0x44]);
  const header = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3]),
    extra,
    Buffer.from("events.ndjson\0"),
    Buffer.from("a comment\0"),
  ]);
  const hcrc = Buffer.alloc(2);
  hcrc.writeUInt16LE(headerCrc ?? crc32(header) & 0xffff);
  return Buffer.concat([header, hcrc, member.subarray(10)]);
}

describe("gunzip, member by member", () => {
  const one = text(5000, "a");
  const two = text(3000, "b");
  it.each([
    ["one member", gzipSync(one), one],
    ["two members, as `cat a.gz b.gz` makes", Buffer.concat([gzipSync(one), gzipSync(two)]), Buffer.concat([one, two])],
    ["zero padding after the last member", Buffer.concat([gzipSync(one), Buffer.alloc(1000)]), one],
    ["a header with every optional field", withAllHeaderFields(gzipSync(one)), one],
    [
      "an empty member between two",
      Buffer.concat([gzipSync(one), gzipSync(Buffer.alloc(0)), gzipSync(two)]),
      Buffer.concat([one, two]),
    ],
  ])("%s: what zlib gives, in chunks of any size", async (_name, gz, expected) => {
    for (const size of [1, 7, 4096, 65536, gz.length])
      expect((await run(gz, size)).out.equals(expected), `chunks of ${size}`).toBe(true);
  });

  it("garbage after the last member: every byte inflated, then the error", async () => {
    for (const size of [3, 4096, 1 << 20]) {
      const { out, error } = await run(Buffer.concat([gzipSync(one), Buffer.from("\nGARBAGE\n")]), size);
      expect(out.equals(one)).toBe(true);
      expect(error).toBe("Z_DATA_ERROR: trailing garbage after the last member");
    }
  });

  it("a cut anywhere: what was inflated before it, then 'ends early'", async () => {
    const gz = gzipSync(one);
    for (const cut of [5, 12, Math.floor(gz.length / 2), gz.length - 4, gz.length - 1]) {
      const { out, error } = await run(gz.subarray(0, cut), 1024);
      expect(error, `cut at ${cut}`).toBe("Z_BUF_ERROR: unexpected end of file");
      expect(one.subarray(0, out.length).equals(out)).toBe(true);
    }
  });

  it("a header that is no valid gzip header is refused: wrong header CRC, reserved flags, another method", async () => {
    const gz = gzipSync(one);
    expect((await run(withAllHeaderFields(gz, 0x1234))).error).toBe("Z_DATA_ERROR: incorrect header check");
    const reserved = Buffer.from(gz);
    reserved.writeUInt8(0x20, 3);
    expect((await run(reserved)).error).toBe("Z_DATA_ERROR: incorrect header check");
    const stored = Buffer.from(gzipSync(two));
    stored.writeUInt8(7, 2);
    const second = await run(Buffer.concat([gz, stored]));
    expect(second.out.equals(one)).toBe(true);
    expect(second.error).toBe("Z_DATA_ERROR: incorrect header check"); // a member, broken: not "trailing garbage"
  });

  it("a wrong checksum or length in the trailer, or corrupt deflate data, is an error", async () => {
    const gz = gzipSync(one);
    const badCrc = Buffer.from(gz);
    badCrc.writeUInt8(badCrc.readUInt8(gz.length - 8) ^ 0xff, gz.length - 8);
    expect((await run(badCrc)).error).toBe("Z_DATA_ERROR: incorrect data check");
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 20, 60);
    expect((await run(corrupt)).error).toMatch(/^Z_DATA_ERROR: /);
  });
});
