/**
 * The readers given a JS string: text read as UTF-8 (`readFileSync(f, "utf8")`) is Unicode, not
 * a byte string, so "José" stays "José"; a byte string (`readFileSync(f, "latin1")`) still reads
 * byte for byte.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAds } from "../../src/formats/read.js";
import { readAds } from "../../src/formats/stream.js";
import { evaluate } from "../../src/classad/evaluate.js";

const dir = mkdtempSync(join(tmpdir(), "classad-text-"));
const file = join(dir, "job.ad");
writeFileSync(file, 'Owner = "Jos\u00e9"\nSite = "\u65e5\u672c"\n', "utf8");

describe("ad readers given a string", () => {
  it("parseAds reads a UTF-8-decoded file as Unicode", () => {
    const loaded = parseAds(readFileSync(file, "utf8"));
    expect(loaded.faults).toEqual([]);
    const ad = loaded.ads[0];
    expect(ad?.getString("Owner")).toBe("Jos\u00e9");
    expect(ad?.getString("Site")).toBe("\u65e5\u672c");
  });

  it("parseAds reads a latin1-decoded file (a byte string) byte for byte", () => {
    const ad = parseAds(readFileSync(file, "latin1")).ads[0];
    expect(ad?.getString("Owner")).toBe("Jos\u00e9");
  });

  it("parseAds reads bytes exactly, UTF-8 or not, as HTCondor reads a file", () => {
    // \377 alone is not UTF-8: as a latin1 string it would be taken for text and encoded.
    const bytes = Uint8Array.from([...'Name = "\xffa"\nMemory = 1\n'].map((c) => c.charCodeAt(0)));
    const loaded = parseAds(bytes);
    expect(loaded.faults).toEqual([]);
    const ad = loaded.ads[0];
    expect(ad === undefined ? null : evaluate("size(Name)", { my: ad })).toEqual({ kind: "int", v: 2 });
    expect(parseAds(readFileSync(file)).ads[0]?.getString("Owner")).toBe("Jos\u00e9");
  });

  it("readAds({ text }) follows the same rule", async () => {
    const ad = (await readAds({ text: readFileSync(file, "utf8") })).ads[0];
    expect(ad?.getString("Owner")).toBe("Jos\u00e9");
  });
});
