/**
 * The demo's two targets: this machine as the probe sees it, and a sample pool resampled from the
 * bundled OSPool slots with the project's seeded generator.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { ClassAd } from "../../classad/classad.js";
import { fromByteString } from "../../model/bytes.js";
import { unparse } from "../../ast/print.js";
import { probe } from "../../probe/node.js";
import { resamplePool } from "../../formats/resample.js";
import { parseAds } from "../../formats/read.js";
import { dumpTime } from "../../analyze/dump-time.js";
import { InputError } from "../errors.js";

/** Attributes shown for this machine, with the probe's reason when one explains the value. */
const MACHINE_FACTS = [
  "Name",
  "Arch",
  "OpSysAndVer",
  "Cpus",
  "Memory",
  "Disk",
  "GPUs",
  "HasFileTransfer",
  "HasSingularity",
  "HAS_SINGULARITY",
  "SINGULARITY_CAN_USE_SIF",
];

/** An attribute's expression as new syntax prints it, or null when the ad lacks it. */
function attributeText(ad: ClassAd, name: string): string | null {
  const expr = ad.lookup(name);
  return expr === undefined ? null : fromByteString(unparse(expr));
}

/** Probe this machine: its slot ad and one line per interesting attribute (value, and why). */
export async function demoMachine(): Promise<{ ad: ClassAd; facts: string[] }> {
  const result = await probe({});
  const facts: string[] = [];
  for (const name of MACHINE_FACTS) {
    const value = attributeText(result.ad, name);
    const check = result.checks.find((c) => c.attributes.some((a) => a.toLowerCase() === name.toLowerCase()));
    const shown = value ?? "(not advertised)";
    const unit = name === "Memory" ? " MiB" : name === "Disk" ? " KiB" : "";
    const why = check !== undefined && /^(false|undefined|0)$/.test(shown) ? `: ${check.reason}` : "";
    facts.push(`${name} = ${shown}${value !== null ? unit : ""}${why}`);
  }
  return { ad: result.ad, facts };
}

/** The bundled sample's text (gzip undone), as a byte string. */
async function sampleText(samplePath: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(samplePath);
  } catch {
    throw new InputError(`${samplePath}: the bundled sample pool is missing`);
  }
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return plain.toString("latin1");
}

/** Resampled slots read per call of the reader. */
const DEMO_BATCH = 1000;

/**
 * The sample pool: `count` slots resampled (seeded) from the bundled real slots, and the time the
 * sample was taken (the dump time of the real slots, as `analyze` finds it). Evaluating the pool
 * at that time keeps policies such as `CurrentTime < GLIDEIN_ToRetire` as they were.
 */
export async function demoPool(samplePath: string, count: number, seed: number): Promise<{ slots: ClassAd[]; source: string; now: number | undefined }> {
  const text = await sampleText(samplePath);
  // Read in batches: the whole pool as one text would pass V8's longest string past ~40,000 slots.
  const slots: ClassAd[] = [];
  let batch: string[] = [];
  for (const adText of resamplePool(text, { slots: count, seed })) {
    batch.push(adText);
    if (batch.length === DEMO_BATCH) {
      slots.push(...parseAds(batch.join("")).ads);
      batch = [];
    }
  }
  if (batch.length > 0) slots.push(...parseAds(batch.join("")).ads);
  return { slots, source: samplePath, now: dumpTime(parseAds(text).ads) };
}
