/** Shared test inputs: the real OSPool sample and its job ads, loaded once per test file. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClassAd } from "../../src/classad/classad.js";
import { readAds } from "../../src/formats/stream.js";

export const MATCH_DIR = join(import.meta.dirname, "..", "data", "conformance", "match");

export interface ExpectedMatch {
  readonly job: string;
  readonly pool: string;
  readonly now: number;
  readonly symmetric: readonly number[];
  readonly oneWay: readonly number[];
}

export function expectedMatches(): ExpectedMatch[] {
  return readFileSync(join(MATCH_DIR, "expected.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ExpectedMatch);
}

let pool: Promise<ClassAd[]> | null = null;

/** The 143 real OSPool slots (shared, read-only: the analysis never modifies an ad). */
export function ospoolSlots(): Promise<ClassAd[]> {
  pool ??= readAds(join(MATCH_DIR, "pool-ospool-143.ads")).then((r) => r.ads);
  return pool;
}

export async function jobAd(relativePath: string): Promise<ClassAd> {
  const { ads } = await readAds(join(MATCH_DIR, relativePath));
  const ad = ads[0];
  if (ad === undefined) throw new Error(`no ad in ${relativePath}`);
  return ad;
}

/** The `now` the conformance vectors were produced at. */
export function sampleNow(): number {
  const first = expectedMatches()[0];
  if (first === undefined) throw new Error("no expected matches");
  return first.now;
}
