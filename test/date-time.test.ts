import { describe, expect, it } from "vitest";
import { dateTimeZoneAt } from "../src/core/date-time.js";
import { isDateTime } from "../src/standards/caliper.js";

describe("RFC 3339 date-times, checked by index", () => {
  const valid = [
    "2024-09-02T08:00:03.247Z",
    "2024-09-02T08:00:03Z",
    "2024-02-29T23:59:60.123456789+05:30",
    "2000-02-29t00:00:00z", // RFC 3339 allows lower case
    "1999-12-31T23:59:59-00:00", // RFC 3339's "unknown local offset"; xAPI rejects it on its own
  ];
  const invalid = [
    "2023-02-29T00:00:00Z", // not a leap year
    "1900-02-29T00:00:00Z", // a century, not a leap year
    "2024-04-31T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:60:00Z",
    "2024-01-01T23:59:61Z",
    "2024-01-01T00:00:00+25:00",
    "2024-01-01T00:00:00+05:60",
    "2024-01-01T00:00:00+0530",
    "2024-01-01T00:00:00", // no zone
    "2024-01-01T00:00:00.Z", // a dot without digits
    "2024-01-01 00:00:00Z",
    "2024-1-01T00:00:00Z",
    "２０２４-01-01T00:00:00Z", // full-width digits are not digits
    "2024-01-01T00:00:00ZZ",
    "",
  ];
  it.each(valid)("%s is one", (value) => {
    expect(dateTimeZoneAt(value)).toBeGreaterThan(18);
    expect(isDateTime(value)).toBe(true);
  });
  it.each(invalid)("%s is not", (value) => {
    expect(dateTimeZoneAt(value)).toBe(-1);
    expect(isDateTime(value)).toBe(false);
  });
});
