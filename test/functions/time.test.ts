import { describe, expect, it } from "vitest";
import { call, literal } from "../../src/ast/build.js";
import { relTimeValue } from "../../src/model/value.js";
import { E, I, R, Rec, S, U, run, show, testContext } from "./harness.js";

const abs = (secs: number, offset?: number) => call("absTime", offset === undefined ? [I(secs)] : [I(secs), I(offset)]);
const rel = (secs: number) => literal(relTimeValue(secs));

describe("clock functions", () => {
  const cx = testContext({ now: 1_600_000_000.7, timeZone: "America/New_York" });
  it("read the injected clock and zone", () => {
    expect(show(run("time", [], cx))).toBe("int:1600000000");
    expect(show(run("currentTime", [], cx))).toBe("abstime:1600000000@-14400");
    expect(show(run("timeZoneOffset", [], cx))).toBe("reltime:-14400");
    // 2020-09-13 12:26:40 UTC is 08:26:40 in New York.
    expect(show(run("dayTime", [], cx))).toBe(`reltime:${8 * 3600 + 26 * 60 + 40}`);
    expect(show(run("time", [I(1)], cx))).toBe("error");
  });
});

describe("getYear ... getSeconds", () => {
  it("split absolute times in local time", () => {
    const utc = testContext();
    expect(show(run("getYear", [abs(1_600_000_000, 0)], utc))).toBe("int:2020");
    expect(show(run("getMonth", [abs(1_600_000_000, 0)], utc))).toBe("int:9");
    expect(show(run("getDayOfYear", [abs(1_600_000_000, 0)], utc))).toBe("int:256");
    expect(show(run("getDayOfMonth", [abs(1_600_000_000, 0)], utc))).toBe("int:13");
    expect(show(run("getDayOfWeek", [abs(1_600_000_000, 0)], utc))).toBe("int:0");
    expect(show(run("getHours", [abs(1_600_000_000, 3600)], utc))).toBe("int:12");
    expect(show(run("getDays", [abs(0)], utc))).toBe("error");
    const tokyo = testContext({ timeZone: "Asia/Tokyo" });
    expect(show(run("getHours", [abs(1_600_000_000, 0)], tokyo))).toBe("int:21");
  });
  it("split relative times into units", () => {
    expect(show(run("getDays", [rel(93784)]))).toBe("int:1");
    expect(show(run("getHours", [rel(93784)]))).toBe("int:2");
    expect(show(run("getMinutes", [rel(93784)]))).toBe("int:3");
    expect(show(run("getSeconds", [rel(93784.9)]))).toBe("int:4");
    expect(show(run("getSeconds", [rel(-61)]))).toBe("int:-1");
    expect(show(run("getYear", [rel(1)]))).toBe("error");
    expect(show(run("getYear", [U]))).toBe("error");
  });
});

describe("splitTime / formatTime", () => {
  it("splitTime builds the documented ads", () => {
    expect(show(run("splitTime", [abs(1_600_000_000, -3600)]))).toBe(
      '[Type="AbsoluteTime";Year=int:2020;Month=int:9;Day=int:13;Hours=int:11;Minutes=int:26;Seconds=int:40;Offset=int:-3600]',
    );
    expect(show(run("splitTime", [rel(-3661.5)]))).toBe(
      '[Type="RelativeTime";Days=int:0;Hours=int:-1;Minutes=int:1;Seconds=real:1.5]',
    );
    expect(show(run("splitTime", [I(0)]))).toContain("Year=int:1970");
    expect(show(run("splitTime", [U]))).toBe("undefined");
    expect(show(run("splitTime", [Rec({})]))).toBe("error");
    expect(show(run("splitTime", [S("x")]))).toBe("error");
  });
  it("formatTime formats like C strftime in the value's own offset", () => {
    expect(show(run("formatTime", [I(0)]))).toBe('"Thu Jan  1 00:00:00 1970"');
    expect(show(run("formatTime", [I(-1)]))).toBe('"Wed Dec 31 23:59:59 1969"');
    expect(show(run("formatTime", [R(1e9)]))).toBe('"Sun Sep  9 01:46:40 2001"');
    expect(show(run("formatTime", [I(1_600_000_000), S("%j %U %w")]))).toBe('"257 37 0"');
    expect(show(run("formatTime", [I(1_234_567_890), S("%j %U %w")]))).toBe('"044 06 5"');
    expect(show(run("formatTime", [I(0), S("%s %y%m%d %%")]))).toBe('"0 700101 %"');
    expect(show(run("formatTime", [I(1_600_000_000), S("%A %B %e %H:%M %p %I")]))).toBe('"Sunday September 13 12:26 PM 12"');
    expect(show(run("formatTime", [abs(0, 3600), S("%H:%M %z")]))).toBe('"01:00 +0000"');
    expect(show(run("formatTime", [I(1_600_000_000), S("%F %T %D %R %G-W%V-%u")]))).toBe(
      '"2020-09-13 12:26:40 09/13/20 12:26 2020-W37-7"',
    );
    expect(show(run("formatTime", [Rec({ Year: I(2001), Month: I(2), Day: I(3) }), S("%Y-%m-%d %a")]))).toBe(
      '"2001-02-03 Sat"',
    );
    expect(show(run("formatTime", [rel(5)]))).toBe("error");
    expect(show(run("formatTime", [S("x")]))).toBe("error");
    expect(show(run("formatTime", [I(0), I(1)]))).toBe("error");
    expect(show(run("formatTime", [I(0), S("%c"), S("x")]))).toBe("error");
    expect(show(run("formatTime", [U]))).toBe("error");
    expect(show(run("formatTime", [E]))).toBe("error");
    expect(show(run("formatTime", [], testContext({ now: 0 })))).toBe('"Thu Jan  1 00:00:00 1970"');
  });
  it("formatTime of a number uses the context's zone", () => {
    const chicago = testContext({ timeZone: "America/Chicago" });
    expect(show(run("formatTime", [I(0), S("%H:%M %s")], chicago))).toBe('"18:00 0"');
  });
});

describe("interval", () => {
  it("prints days+hh:mm:ss without leading zero units", () => {
    expect(show(run("interval", [I(67)]))).toBe('"1:07"');
    expect(show(run("interval", [I(3600)]))).toBe('"1:00:00"');
    expect(show(run("interval", [I(1_472_523)]))).toBe('"17+01:02:03"');
    expect(show(run("interval", [I(-61)]))).toBe('"-1:01"');
    expect(show(run("interval", [I(5)]))).toBe('"5"');
    expect(show(run("interval", [S("90")]))).toBe('"1:30"');
    expect(show(run("interval", [U]))).toBe("error");
    expect(show(run("interval", [I(2 ** 32 + 61)]))).toBe('"1:01"');
  });
});

describe("formatTime limits", () => {
  it("gives an empty string when the result would not fit HTCondor's buffer", () => {
    expect(show(run("formatTime", [I(0), S("%999999999Y")]))).toBe('""');
    expect(show(run("formatTime", [I(0), S("%Y".repeat(400))]))).toBe('""');
    expect(show(run("formatTime", [I(0), S("%10Y|%-d|%_m|%^a")]))).toBe('"0000001970|1| 1|THU"');
  });
});

describe("time zones", () => {
  it("follow daylight saving time and treat unknown zones as UTC", async () => {
    const { ZoneOffsets } = await import("../../src/functions/time-zone.js");
    const zones = new ZoneOffsets();
    const zoneOffset = (secs: number, zone: string): number => zones.offset(secs, zone);
    expect(zoneOffset(1_600_000_000, "Europe/Paris")).toBe(7200); // September: CEST
    expect(zoneOffset(1_610_000_000, "Europe/Paris")).toBe(3600); // January: CET
    expect(zoneOffset(1_600_000_000, "Asia/Kolkata")).toBe(19800);
    expect(zoneOffset(-5_000_000_000, "UTC")).toBe(0);
    expect(zoneOffset(1_600_000_000, "Not/A_Zone")).toBe(0);
    expect(show(run("getHours", [call("absTime", [I(1_610_000_000), I(0)])], testContext({ timeZone: "Europe/Paris" })))).toBe("int:7");
  });
});
