import { describe, expect, it } from "vitest";
import { formatAbsTime, formatRelTime, parseAbsTime, parseRelTime } from "../../src/ast/time-text.js";

describe("absTime text (TZ=UTC)", () => {
  it("reads zones Z, ±hhmm and ±hh:mm", () => {
    expect(parseAbsTime("2004-01-01T00:00:00Z")).toEqual({ kind: "abstime", secs: 1072915200, offset: 0 });
    expect(parseAbsTime("2003-01-25T09:00:00-06:00")).toEqual({ kind: "abstime", secs: 1043506800, offset: -21600 });
    expect(parseAbsTime("2003-01-25T09:00:00+0130")).toEqual({ kind: "abstime", secs: 1043479800, offset: 5400 });
  });

  it("normalises missing fields as mktime does, accepts compact text", () => {
    expect(formatAbsTime(...secsOffset("2004"))).toBe("2003-12-31T00:00:00-00:00");
    expect(formatAbsTime(...secsOffset("2004-02"))).toBe("2004-01-31T00:00:00-00:00");
    expect(formatAbsTime(...secsOffset("20040102030405"))).toBe("2004-01-02T03:04:05-00:00");
  });

  it("fails where HTCondor fails", () => {
    for (const bad of ["", "abc", "10", "1.5", "2004-01-01T00:00:00.5Z", "1969-12-31T23:59:59"]) {
      expect(parseAbsTime(bad), bad).toBeNull();
    }
  });

  it("prints the wall time at the value's own offset, + only for positive offsets", () => {
    expect(formatAbsTime(0, 0)).toBe("1970-01-01T00:00:00-00:00");
    expect(formatAbsTime(1043479800, 5400)).toBe("2003-01-25T09:00:00+01:30");
  });
});

function secsOffset(text: string): [number, number] {
  const value = parseAbsTime(text);
  if (value === null) throw new Error(text);
  return [value.secs, value.offset];
}

describe("relTime text", () => {
  it("reads right to left", () => {
    expect(parseRelTime("2+25:14:16.123")).toBeCloseTo(263656.123, 6);
    expect(parseRelTime("1d2h3m4.5s")).toBe(93784.5);
    expect(parseRelTime("-1:00")).toBe(-60);
    expect(parseRelTime("90")).toBe(90);
    expect(parseRelTime("1h")).toBe(3600);
    expect(parseRelTime("2d")).toBe(172800);
    expect(parseRelTime("")).toBe(0);
  });

  it("fails where HTCondor fails", () => {
    for (const bad of ["1:2:3:4", "a", "hello world", "1.5.5"]) expect(parseRelTime(bad), bad).toBeNull();
  });

  it("prints [-][D+]HH:MM:SS dropping leading zero units, fractions with %g", () => {
    expect(formatRelTime(263656.123)).toBe("3+01:14:16.123");
    expect(formatRelTime(93784.5)).toBe("1+02:03:4.5");
    expect(formatRelTime(90.5)).toBe("01:30.5");
    expect(formatRelTime(0.25)).toBe("0.25");
    expect(formatRelTime(0)).toBe("00");
    expect(formatRelTime(-60)).toBe("-01:00");
    expect(formatRelTime(3600)).toBe("01:00:00");
  });
});
