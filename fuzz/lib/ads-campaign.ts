/**
 * The ad campaigns.
 * - match: groups of one generated job and `slotsPerGroup` generated slots, written as HTCondor's
 *   tools write them (`-long` dumps); HTCondor's symmetric and one-way matches (match_oracle)
 *   against ours on both of our strategies (the pool's fast path and the plain one), and for each
 *   pair the values of both Requirements and Rank expressions in the match (eval_oracle in a
 *   match context of the two ads) against ours.
 * - convert: files of generated ads in any input format, converted to each of the four output
 *   formats by HTCondor's printing code (convert_oracle) and by ours, byte for byte.
 * Group `g` of a campaign is determined by (seed, g), as the expression batches are.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatAds, parseAds, type AdFormat as OurFormat } from "../../src/formats/index.js";
import { matchPool } from "../../src/match/index.js";
import { AdGenerator, namesByType, writeAds, writeLong, type AdFormat, type GenAd } from "../gen/ads.js";
import { batchSeed, ContextPair } from "./eval-campaign.js";
import { FROZEN_NOW, runDriver, type OracleDrivers } from "./oracle.js";
import { Rng } from "./rng.js";

export interface AdDivergence {
  readonly mode: "match" | "pair-eval" | "convert" | "read";
  readonly group: number;
  /** What was compared: `symmetric`, `one-way`, an expression, or `long->json`. */
  readonly what: string;
  readonly theirs: string;
  readonly ours: string;
  /** The input files, to reproduce. */
  readonly files: Record<string, string>;
}

export interface AdGroupResult {
  readonly group: number;
  readonly pairs: number;
  readonly files: number;
  readonly conversions: number;
  readonly divergences: AdDivergence[];
}

const MATCH_GROUP_OFFSET = 1 << 24;
const CONVERT_GROUP_OFFSET = 1 << 25;

function matchIndices(stdout: string): string {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("MATCH "))
    .map((line) => line.split(" ")[1])
    .join(",");
}

/** Expressions whose values are compared for every pair (MY = job, TARGET = slot). */
const PAIR_EXPRESSIONS = ["Requirements", "TARGET.Requirements", "Rank", "TARGET.Rank", "TARGET.Start", "RequestGPUs"];

/**
 * The attributes this library's reader takes in a `-long` file (checked eagerly, one by one): a
 * generated expression can be one the old syntax refuses (`absTime("abcd")`, `[;]`...), and one
 * bad attribute makes HTCondor's reader drop the whole ad. Whether both readers then agree on
 * the ad is checked against HTCondor's reader separately.
 */
export function readableAttrs(ad: GenAd): GenAd {
  return { attrs: ad.attrs.filter((attr) => {
    const text = writeLong({ attrs: [attr] });
    if (text === "") return false;
    const loaded = parseAds(Buffer.from(text, "latin1"), { format: "long", validation: "eager" });
    return loaded.faults.length === 0 && loaded.ads.length === 1;
  }) };
}

export function generateMatchGroup(seed: number, group: number, slotsPerGroup: number): { job: GenAd; slots: GenAd[] } {
  const rng = new Rng(batchSeed(seed, MATCH_GROUP_OFFSET + group));
  const ads = new AdGenerator(rng);
  const slots: GenAd[] = [];
  for (let i = 0; i < slotsPerGroup; i++) slots.push(readableAttrs(ads.slot(i + 1)));
  const job = readableAttrs(ads.job(group + 1, { my: new Map(), target: namesByType(slots[0] as GenAd) }));
  return { job, slots };
}

/** Whether HTCondor's reader takes a one-ad file (the eval driver refuses to start if not). */
function referenceReadsAd(drivers: OracleDrivers, dir: string, text: string): boolean {
  const file = join(dir, "check.ad");
  writeFileSync(file, text, "latin1");
  // Twice before a refusal counts: a driver killed on a loaded machine is not a refusal.
  return runDriver(drivers, drivers.evalBin, ["--ad", file]).status === 0 || runDriver(drivers, drivers.evalBin, ["--ad", file]).status === 0;
}

export async function runMatchGroup(drivers: OracleDrivers, seed: number, group: number, slotsPerGroup: number): Promise<AdGroupResult> {
  const generated = generateMatchGroup(seed, group, slotsPerGroup);
  const dir = mkdtempSync(join(tmpdir(), "classad-fuzz-match-"));
  const divergences: AdDivergence[] = [];
  try {
    // Ads HTCondor's reader refuses while ours takes them are reader divergences; they leave the group.
    const readable = (ad: GenAd, what: string): boolean => {
      const text = writeAds([ad], "long");
      if (referenceReadsAd(drivers, dir, text)) return true;
      divergences.push({ mode: "read", group, what, theirs: "refuses", ours: "reads", files: { [what]: text } });
      return false;
    };
    if (!readable(generated.job, "job.ad")) return { group, pairs: 0, files: 0, conversions: 0, divergences };
    const job = generated.job;
    const slots = generated.slots.filter((slot, i) => readable(slot, `slot ${i}`));
    const jobText = writeAds([job], "long");
    const slotsText = writeAds(slots, "long");
    const jobFile = join(dir, "job.ad");
    const slotsFile = join(dir, "slots.ads");
    writeFileSync(jobFile, jobText, "latin1");
    writeFileSync(slotsFile, slotsText, "latin1");
    const files = { "job.ad": jobText, "slots.ads": slotsText };
    const ourJob = parseAds(Buffer.from(jobText, "latin1"), { format: "long" }).ads[0];
    const ourSlots = parseAds(Buffer.from(slotsText, "latin1"), { format: "long" }).ads;
    if (ourJob === undefined) throw new Error("generated job does not read back");
    for (const oneWay of [false, true]) {
      const what = oneWay ? "one-way" : "symmetric";
      const run = runDriver(drivers, drivers.matchBin, [jobFile, slotsFile, "--print-matches", ...(oneWay ? ["--one-way"] : [])]);
      const theirs = run.status === 0 ? matchIndices(run.stdout) : `EXIT ${run.status}: ${run.stderr.trim()}`;
      for (const strategy of ["fast", "plain"] as const) {
        let ours: string;
        try {
          const result = matchPool(ourJob, ourSlots, { now: FROZEN_NOW, timeZone: "UTC", oneWay, strategy });
          ours = [...result.indices].sort((a, b) => a - b).join(",");
        } catch (error) {
          ours = `THROWN ${String(error)}`;
        }
        if (ours !== theirs) divergences.push({ mode: "match", group, what: `${what} (${strategy})`, theirs, ours, files });
      }
    }
    // Values of the policy expressions, pair by pair.
    for (let i = 0; i < slots.length; i++) {
      const slotText = writeAds([slots[i] as GenAd], "long");
      const pair = new ContextPair(drivers, { my: jobText, target: slotText });
      try {
        const theirs = await pair.oracle.ask(PAIR_EXPRESSIONS);
        PAIR_EXPRESSIONS.forEach((expr, k) => {
          const ours = pair.ours.answer(expr);
          if (ours !== theirs[k]) {
            divergences.push({ mode: "pair-eval", group, what: `slot ${i}: ${expr}`, theirs: theirs[k] as string, ours, files: { "job.ad": jobText, "slot.ad": slotText } });
          }
        });
      } finally {
        pair.close();
      }
    }
    return { group, pairs: slots.length, files: 0, conversions: 0, divergences };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const OUTPUTS: OurFormat[] = ["long", "new", "json", "xml"];

export function generateConvertFile(seed: number, group: number): { text: string; format: AdFormat } {
  const rng = new Rng(batchSeed(seed, CONVERT_GROUP_OFFSET + group));
  const ads = new AdGenerator(rng);
  const count = rng.range(1, 4);
  const list: GenAd[] = [];
  for (let i = 0; i < count; i++) list.push(rng.weighted<() => GenAd>([[3, () => ads.anyAd()], [1, () => ads.slot(i)], [1, () => ads.job(i)]])());
  const format = rng.weighted<AdFormat>([[4, "long"], [2, "new"], [2, "json"], [2, "xml"]]);
  return { text: writeAds(list, format), format };
}

export function runConvertGroup(drivers: OracleDrivers, seed: number, group: number): AdGroupResult {
  const { text, format } = generateConvertFile(seed, group);
  const dir = mkdtempSync(join(tmpdir(), "classad-fuzz-convert-"));
  const divergences: AdDivergence[] = [];
  try {
    const file = join(dir, `input.${format}`);
    writeFileSync(file, text, "latin1");
    let ours: ReturnType<typeof parseAds> | null = null;
    let readError = "";
    try {
      ours = parseAds(Buffer.from(text, "latin1"), { validation: "eager" });
    } catch (error) {
      readError = `THROWN ${String(error)}`;
    }
    // HTCondor's tools stop at the first malformed ad (exit 1, the ads before it printed); this
    // library's readers leave it out and go on (docs/quirks.md). Both sides are compared on the
    // ads before the first malformed one, and on whether there is one.
    const firstBad = ours ? Math.min(...ours.faults.filter((f) => f.severity === "error").map((f) => f.adIndex)) : Infinity;
    for (const to of OUTPUTS) {
      // A failed run is repeated once: on a loaded machine a run can fail that succeeds alone.
      let run = runDriver(drivers, drivers.convertBin, ["--to", to, file]);
      if (run.status !== 0) run = runDriver(drivers, drivers.convertBin, ["--to", to, file]);
      const theirs = run.status === 0 ? run.stdout : run.status === 1 ? `${run.stdout}[stops at a malformed ad]` : `EXIT ${run.status}: ${run.stderr.trim()}`;
      let mine: string;
      try {
        mine = ours ? formatAds(Number.isFinite(firstBad) ? ours.ads.slice(0, firstBad) : ours.ads, to, { encoding: "bytes" }) + (Number.isFinite(firstBad) ? "[stops at a malformed ad]" : "") : readError;
      } catch (error) {
        mine = `THROWN ${String(error)}`;
      }
      if (mine !== theirs) divergences.push({ mode: "convert", group, what: `${format}->${to}`, theirs, ours: mine, files: { [`input.${format}`]: text } });
    }
    return { group, pairs: 0, files: 1, conversions: OUTPUTS.length, divergences };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
