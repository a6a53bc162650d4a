/**
 * Byte-identical output: every real input converted to each format must equal what HTCondor's
 * printing code produced (test/data/conformance/formats/<input>.<format>), and every expected
 * output must read back to the same ads (checked by printing it again in every format).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAds, formatAds, type AdFormat } from "../../src/formats/index.js";

const DATA = join(import.meta.dirname, "../data");
const EXPECTED = join(DATA, "conformance/formats");
const FORMATS: AdFormat[] = ["json", "xml", "new", "long"];

const INPUTS: Array<{ name: string; path: string }> = [
  ...readdirSync(join(DATA, "ads"))
    .filter((name) => /\.(ads|ad|xml)$/.test(name))
    .map((name) => ({ name, path: join(DATA, "ads", name) })),
  { name: "pool-ospool-143.ads", path: join(DATA, "conformance/match/pool-ospool-143.ads") },
];

function read(path: string): string {
  return readFileSync(path, "latin1");
}

describe("conformance: convert real ads to HTCondor's output formats", () => {
  /** Ads in each real input: a truncated copy must fail, not pass on fewer ads. */
  const ADS_PER_INPUT = new Map([
    ["glideinwms__unittests__cq.fixture.job.xml", 13],
    ["glideinwms__unittests__cs.schedd.fixture.xml", 3],
    ["htcondor__condor_tests__StatusAds__basic4slot.ads", 4],
    ["htcondor__condor_tests__StatusAds__partionable8core.ads", 5],
    ["htcondor__condor_tests__StatusAds__small1slot.ads", 1],
    ["htcondor__condor_tests__cmd_status-af_orig_first_test.ads", 8],
    ["htcondor__condor_tests__python_bindings__test.old.job.ad", 1],
    ["ospool_pool_sample__representative_slots.ads", 10],
    ["pool-ospool-143.ads", 143],
  ]);

  it("covers the 9 real inputs (36 expected files) and every ad of each", () => {
    expect(INPUTS.map((input) => input.name).sort()).toEqual([...ADS_PER_INPUT.keys()].sort());
    for (const input of INPUTS) {
      expect(parseAds(read(input.path)).ads, input.name).toHaveLength(ADS_PER_INPUT.get(input.name) as number);
      for (const format of FORMATS) expect(read(join(EXPECTED, `${input.name}.${format}`)).length).toBeGreaterThan(0);
    }
  });

  for (const input of INPUTS) {
    describe(input.name, () => {
      const loaded = parseAds(read(input.path), { validation: "eager" });

      it("loads without faults", () => {
        expect(loaded.faults).toEqual([]);
        expect(loaded.ads.length).toBeGreaterThan(0);
      });

      for (const format of FORMATS) {
        it(`prints ${format} byte for byte`, () => {
          const expected = read(join(EXPECTED, `${input.name}.${format}`));
          expect(formatAds(loaded.ads, format, { encoding: "bytes" })).toBe(expected);
        });
        it(`prints ${format} as the text of those bytes by default`, () => {
          expect(formatAds(loaded.ads, format)).toBe(readFileSync(join(EXPECTED, `${input.name}.${format}`), "utf8"));
        });
      }
    });
  }
});

describe("round trip: each expected output reads back to the same ads", () => {
  for (const input of INPUTS) {
    for (const from of FORMATS) {
      it(`${input.name}.${from}`, () => {
        const back = parseAds(read(join(EXPECTED, `${input.name}.${from}`)), { validation: "eager" });
        expect(back.summary.format).toBe(from);
        expect(back.faults).toEqual([]);
        for (const to of FORMATS) {
          expect(formatAds(back.ads, to, { encoding: "bytes" }), `${from} -> ${to}`).toBe(read(join(EXPECTED, `${input.name}.${to}`)));
        }
      });
    }
  }
});
