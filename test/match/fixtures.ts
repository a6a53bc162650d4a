/**
 * Test data for the matchmaking tests: the real OSPool slot sample, the conformance job ads and
 * HTCondor's expected matches (test/data/conformance/match).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClassAd } from "../../src/classad/classad.js";
import { parseAds } from "../../src/formats/index.js";

export const MATCH_DATA = join(import.meta.dirname, "../data/conformance/match");

export interface MatchVector {
  readonly job: string;
  readonly pool: string;
  readonly now: number;
  readonly symmetric: readonly number[];
  readonly oneWay: readonly number[];
}

/** Every ad of an old-format file, read as bytes (latin1), as the library expects. */
export function readAdFile(path: string): ClassAd[] {
  const loaded = parseAds(readFileSync(path, "latin1"), { format: "long" });
  return loaded.ads;
}

let poolCache: ClassAd[] | null = null;

/** The 143 real OSPool slots, in file order. */
export function ospoolSlots(): ClassAd[] {
  poolCache ??= readAdFile(join(MATCH_DATA, "pool-ospool-143.ads"));
  return poolCache;
}

/** A conformance job ad (`jobs/<name>.ad`). */
export function jobAd(relativePath: string): ClassAd {
  const [ad] = readAdFile(join(MATCH_DATA, relativePath));
  if (ad === undefined) throw new Error(`no ad in ${relativePath}`);
  return ad;
}

/** The records of expected.jsonl. */
export function matchVectors(): MatchVector[] {
  return readFileSync(join(MATCH_DATA, "expected.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as MatchVector);
}
