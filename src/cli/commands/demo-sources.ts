/**
 * The demo's two targets: this machine as the probe sees it, and a sample pool resampled from the
 * bundled OSPool slots with the project's seeded generator.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import type { ClassAd } from "../../classad/classad.js";
import { fromByteString } from "../../model/bytes.js";
import { unparse } from "../../ast/print.js";
import { probe } from "../../probe/index.js";
import { resamplePool } from "../../formats/resample.js";
import { parseAds } from "../../formats/read.js";
import { dumpTime } from "../../analyze/dump-time.js";
import { InputError } from "./ad-input.js";

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

function valueText(ad: ClassAd, name: string): string | null {
  const expr = ad.lookup(name);
  return expr === undefined ? null : fromByteString(unparse(expr));
}

/** Probe this machine: its slot ad and one line per interesting attribute (value, and why). */
export async function demoMachine(): Promise<{ ad: ClassAd; facts: string[] }> {
  const result = await probe({});
  const facts: string[] = [];
  for (const name of MACHINE_FACTS) {
    const value = valueText(result.ad, name);
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

/**
 * The sample pool: `count` slots resampled (seeded) from the bundled real slots, and the time the
 * sample was taken ({@link dumpTime} of the real slots). Evaluating the pool at that time keeps
 * policies such as `CurrentTime < GLIDEIN_ToRetire` as they were.
 */
export async function demoPool(samplePath: string, count: number, seed: number): Promise<{ slots: ClassAd[]; source: string; now: number | null }> {
  const text = await sampleText(samplePath);
  const generated = [...resamplePool(text, { slots: count, seed })].join("");
  return { slots: parseAds(generated).ads, source: samplePath, now: dumpTime(parseAds(text).ads) ?? null };
}
