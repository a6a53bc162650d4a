/**
 * Hostile and broken dumps (issue #15): a fault inside one ad never loses the ads after it, and
 * the documented maxima (16 MiB values) actually read.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseAds } from "../../src/formats/index.js";
import { streamAds } from "../../src/formats/node.js";

const MiB = 1024 * 1024;

/** Five -long ads; the third holds `Big` of `bytes` characters. */
function longDump(bytes: number): string {
  const ads: string[] = [];
  for (let i = 0; i < 5; i++) ads.push(`Name = "slot${i}"\nBig = "${i === 2 ? "x".repeat(bytes) : "small"}"\nMemory = ${i}\n`);
  return ads.join("\n");
}

describe("-long values up to the documented 16 MiB", () => {
  it("reads 8 MiB and 12 MiB string values and every ad after them", () => {
    for (const size of [8 * MiB, 12 * MiB]) {
      const read = parseAds(longDump(size));
      expect(read.faults).toEqual([]);
      expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 2, 3, 4]);
      expect(read.ads[2]?.getString("Big")?.length).toBe(size);
    }
  });

  it("streams them from a Node stream without losing a later ad", async () => {
    const stream = streamAds(Readable.from([Buffer.from(longDump(9 * MiB), "latin1")]));
    const memories: (number | undefined)[] = [];
    for await (const ad of stream) memories.push(ad.getNumber("Memory"));
    expect(memories).toEqual([0, 1, 2, 3, 4]);
    expect(stream.faults).toEqual([]);
  });

  it("reports a value past the limit as a fault of its ad and attribute only", () => {
    const read = parseAds(longDump(16 * MiB + 10));
    expect(read.ads.map((ad) => ad.getNumber("Memory"))).toEqual([0, 1, 2, 3, 4]);
    expect(read.ads[2]?.getString("Big")).toBeUndefined();
    expect(read.faults).toHaveLength(1);
    expect(read.faults[0]).toMatchObject({ code: "bad-expression", adIndex: 2, line: 10, attribute: "Big" });
  });
});
