/**
 * Writes a resampled pool dump (old `-long` format) for the benchmarks and the demo.
 *
 *   npx tsx benchmarks/generate-pool.ts --slots 20000 [--seed 1] [--out benchmarks/.data/pool-20000-s1.ads]
 *
 * Source: test/data/conformance/match/pool-ospool-143.ads (143 real OSPool slots). Output goes
 * under benchmarks/.data/ (git-ignored), never into the repository.
 */
import "../scripts/re2js-for-sources.js";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { resamplePool } from "../src/formats/resample.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const POOL_SOURCE = join(ROOT, "test/data/conformance/match/pool-ospool-143.ads");
export const DATA_DIR = join(ROOT, "benchmarks/.data");

export function poolPath(slots: number, seed: number): string {
  return join(DATA_DIR, `pool-${slots}-s${seed}.ads`);
}

/** Generates the dump file (streamed to disk) and returns its path. */
export async function generatePool(slots: number, seed: number, out = poolPath(slots, seed)): Promise<string> {
  mkdirSync(dirname(out), { recursive: true });
  const source = readFileSync(POOL_SOURCE, "latin1");
  const stream = createWriteStream(out);
  let batch: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.from(batch.join(""), "latin1");
    batch = [];
    size = 0;
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  };
  for (const ad of resamplePool(source, { slots, seed })) {
    batch.push(ad);
    size += ad.length;
    if (size > 1 << 22) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return out;
}

function argValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const slots = Number(argValue(argv, "--slots") ?? "1000");
  const seed = Number(argValue(argv, "--seed") ?? "1");
  const out = argValue(argv, "--out") ?? poolPath(slots, seed);
  const path = await generatePool(slots, seed, out);
  process.stdout.write(`${path}\n`);
}
