/**
 * Streaming: files, Node streams with arbitrary chunk boundaries, gzip; positions per ad.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { formatAds, parseAds, resamplePool, type AdFormat } from "../../src/formats/index.js";
import { readAds, streamAds } from "../../src/formats/node.js";

const DATA = join(import.meta.dirname, "../data");
const POOL = readFileSync(join(DATA, "conformance/match/pool-ospool-143.ads"), "latin1");

function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text, "latin1");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

describe("streamAds", () => {
  const reference = parseAds(POOL);

  it("reads a file path, gzip included, with each ad's index and line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-stream-"));
    const path = join(dir, "pool.ads.gz");
    writeFileSync(path, gzipSync(Buffer.from(POOL, "latin1")));
    const stream = streamAds(path);
    const origins = [];
    for await (const ad of stream) origins.push(ad.origin);
    expect(origins).toEqual(reference.ads.map((ad) => ad.origin));
    expect(origins[1]).toEqual({ index: 1, line: POOL.split("\n").indexOf("", 0) + 2 });
    expect(stream.summary).toMatchObject({ format: "long", ads: 143, faults: 0 });
  });

  for (const format of ["long", "new", "json", "xml"] as AdFormat[]) {
    it(`gives the same ads whatever the chunk boundaries (${format})`, async () => {
      const text = formatAds(reference.ads.slice(0, 12), format);
      const whole = parseAds(text);
      for (const size of [1, 7, 4096]) {
        const ads = [];
        for await (const ad of streamAds(chunked(text, size))) ads.push(ad);
        expect(formatAds(ads, "new")).toBe(formatAds(whole.ads, "new"));
        expect(ads.map((ad) => ad.origin)).toEqual(whole.ads.map((ad) => ad.origin));
      }
    });
  }

  it("reads the real gzip-compressed pool sample (205 ads of every daemon type) without a fault", async () => {
    const result = await readAds(join(DATA, "ads/PelicanPlatform_classad__collections_vm_testdata__pool_sample.ads.gz"), { validation: "eager" });
    expect(result.summary).toMatchObject({ format: "long", ads: 205, adsDropped: 0, faults: 0, warnings: 0 });
  });

  it("reads a gzip stream", async () => {
    const result = await readAds(chunked(gzipSync(Buffer.from(POOL, "latin1")).toString("latin1"), 1000));
    expect(result.ads).toHaveLength(143);
  });

  it("streams a large generated dump ad by ad without keeping them", async () => {
    const source = Readable.from(resamplePool(POOL, { slots: 600, seed: 7 }));
    let count = 0;
    let lastLine = 0;
    const stream = streamAds(source);
    for await (const ad of stream) {
      expect(ad.origin!.index).toBe(count);
      expect(ad.origin!.line).toBeGreaterThan(lastLine);
      lastLine = ad.origin!.line;
      count++;
    }
    expect(count).toBe(600);
    expect(stream.summary.faults).toBe(0);
  });

  it("reports an unreadable file as a fault", async () => {
    const result = await readAds(join(tmpdir(), "no-such-file-classad.ads"));
    expect(result.ads).toEqual([]);
    expect(result.faults[0]).toMatchObject({ code: "read-error" });
  });
});

describe("resamplePool", () => {
  it("is seeded: same seed, same dump; fresh names; every ad loads", () => {
    const a = [...resamplePool(POOL, { slots: 30, seed: 3 })].join("");
    const b = [...resamplePool(POOL, { slots: 30, seed: 3 })].join("");
    const c = [...resamplePool(POOL, { slots: 30, seed: 4 })].join("");
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const loaded = parseAds(a, { validation: "eager" });
    expect(loaded.faults).toEqual([]);
    expect(loaded.ads).toHaveLength(30);
    const names = new Set(loaded.ads.map((ad) => JSON.stringify(ad.lookup("Name"))));
    expect(names.size).toBe(30);
  });
});
