/** `dumpTime(slots)`: when a dump was taken, read from what its slots write. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ClassAd } from "../../src/classad/classad.js";
import { dumpTime } from "../../src/analyze/dump-time.js";
import { demoPool } from "../../src/cli/commands/demo-sources.js";
import { ospoolSlots } from "../match/fixtures.js";

describe("dumpTime", () => {
  it("is the latest MyCurrentTime of the slots", () => {
    const slots = [ClassAd.fromJS({ MyCurrentTime: 100, LastHeardFrom: 300 }), ClassAd.fromJS({ MyCurrentTime: 200 }), ClassAd.fromJS({})];
    expect(dumpTime(slots)).toBe(200);
  });

  it("else the latest LastHeardFrom; undefined when no slot writes either", () => {
    expect(dumpTime([ClassAd.fromJS({ LastHeardFrom: 5 }), ClassAd.fromJS({ LastHeardFrom: 7 })])).toBe(7);
    expect(dumpTime([ClassAd.fromJS({ Name: "x" })])).toBeUndefined();
    expect(dumpTime([])).toBeUndefined();
  });

  it("reads only numbers as written: an expression or a string does not count", () => {
    const ad = new ClassAd();
    ad.setText("MyCurrentTime", "time()", "new");
    expect(dumpTime([ad, ClassAd.fromJS({ LastHeardFrom: "9" })])).toBeUndefined();
    expect(dumpTime([ClassAd.fromJS({ MyCurrentTime: 12.9 })])).toBe(12);
  });

  it("of the OSPool sample: 1783286387, which the demo evaluates its sample pool at", async () => {
    expect(dumpTime(ospoolSlots())).toBe(1783286387);
    const pool = await demoPool(join(import.meta.dirname, "..", "..", "samples", "ospool-143.ads.gz"), 10, 1);
    expect(pool.now).toBe(1783286387);
  });
});
