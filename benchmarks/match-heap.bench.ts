/**
 * Heap of a long-running matchmaker: 200,000 distinct generated jobs (seeded: each has its own
 * Requirements structure and constants, its own Rank and request values) matched one after the
 * other through one `Pool` of the 143 real OSPool slots (test/data/conformance/match/
 * pool-ospool-143.ads); each job is the OSPool container job (jobs/s02-ospool-container.ad) with
 * its own Requirements, Rank and requests. At checkpoints the script forces garbage collections and reports
 * `heapUsed`, with what the pool holds (interned keys, their generation, memo nodes, key
 * columns). With the pool's bounds (key interner, memos, columns) the heap stays flat after
 * warm-up instead of growing with every distinct job. Not a timing benchmark; one process.
 *
 *   npx tsx benchmarks/match-heap.bench.ts [--jobs 200000] [--every 20000] [--seed 1] [--key-capacity N] [--memo-nodes N]
 *
 * (The script re-runs itself with `--expose-gc` when started without it.)
 */
import "../scripts/re2js-for-sources.js";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClassAd } from "../src/classad/classad.js";
import { parseAds } from "../src/formats/read.js";
import { Pool, matchPool, type PoolOptions } from "../src/match/index.js";

const ROOT = join(fileURLToPath(import.meta.url), "../..");
const POOL = join(ROOT, "test/data/conformance/match/pool-ospool-143.ads");
const TEMPLATE = join(ROOT, "test/data/conformance/match/jobs/s02-ospool-container.ad");
const NOW = 1_783_286_200;

function argValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLAUSES: ((r: () => number, i: number) => string)[] = [
  (r) => `TARGET.Memory >= ${256 * (1 + Math.floor(r() * 64))}`,
  (r) => `TARGET.Cpus >= ${1 + Math.floor(r() * 8)}`,
  (r) => `TARGET.Disk >= ${1000 * (1 + Math.floor(r() * 5000))}`,
  () => `TARGET.Arch == "X86_64"`,
  () => `TARGET.OpSys == "LINUX"`,
  (r) => `(TARGET.GLIDEIN_Site =!= "Site${Math.floor(r() * 50)}")`,
  (r) => `TARGET.HasSingularity =?= ${r() < 0.5 ? "true" : "false"}`,
  (_r, i) => `regexp("^glidein_${i % 1000}_", TARGET.Name) =!= true`,
  (r, i) => `(TARGET.Memory - ${i % 1000}) > ${Math.floor(r() * 1024)}`,
  (r) => `stringListMember(TARGET.OSG_OS_VERSION, "${7 + Math.floor(r() * 3)},${8 + Math.floor(r() * 3)}")`,
];

/** Job `i`: the OSPool container job with a distinct Requirements (clause choice and constants) and Rank. */
function job(template: ClassAd, r: () => number, i: number): ClassAd {
  const chosen: string[] = [];
  for (const clause of CLAUSES) if (r() < 0.5) chosen.push(clause(r, i));
  chosen.push(`TARGET.Memory >= RequestMemory + ${i % 64}`);
  const ad = new ClassAd(template.entries());
  ad.setText("RequestMemory", String(128 * (1 + Math.floor(r() * 32))), "old");
  ad.setText("RequestCpus", String(1 + Math.floor(r() * 4)), "old");
  ad.setText("Owner", `"user${i % 5000}"`, "old");
  ad.setText("ClusterId", String(i), "old");
  ad.setText("Requirements", chosen.join(" && "), "old");
  ad.setText("Rank", `TARGET.Memory * ${1 + (i % 7)} + TARGET.Cpus * ${i % 11}`, "old");
  return ad;
}

function heapMiB(): number {
  const gc = (globalThis as { gc?: () => void }).gc as () => void;
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

function main(argv: string[]): void {
  if ((globalThis as { gc?: unknown }).gc === undefined) {
    const script = fileURLToPath(import.meta.url);
    const out = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", script, ...argv], { stdio: "inherit" });
    process.exit(out.status ?? 1);
  }
  const jobs = Number(argValue(argv, "--jobs") ?? "200000");
  const every = Number(argValue(argv, "--every") ?? "20000");
  const seed = Number(argValue(argv, "--seed") ?? "1");
  const options: { -readonly [K in keyof PoolOptions]: PoolOptions[K] } = {};
  if (argValue(argv, "--key-capacity") !== undefined) options.keyCapacity = Number(argValue(argv, "--key-capacity"));
  if (argValue(argv, "--memo-nodes") !== undefined) options.memoNodes = Number(argValue(argv, "--memo-nodes"));
  const slots = parseAds(readFileSync(POOL, "utf8")).ads;
  const template = parseAds(readFileSync(TEMPLATE, "utf8")).ads[0] as ClassAd;
  const pool = new Pool(slots, options).prepare();
  const r = rng(seed);
  const started = performance.now();
  let matched = 0;
  console.log(`| jobs matched | heapUsed after GC (MiB) | interned keys | key generation | memo nodes | key columns | seconds |`);
  console.log(`|---:|---:|---:|---:|---:|---:|---:|`);
  const report = (done: number): void => {
    const learnt = pool.learnt();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `| ${done.toLocaleString("en-US")} | ${heapMiB().toFixed(1)} | ${learnt.keys.toLocaleString("en-US")} | ${learnt.generation} | ` +
        `${learnt.memoNodes.toLocaleString("en-US")} | ${learnt.columns} | ${seconds} |`,
    );
  };
  report(0);
  for (let i = 1; i <= jobs; i++) {
    matched += matchPool(job(template, r, i), pool, { now: NOW }).indices.length;
    if (i % every === 0) report(i);
  }
  console.log(`\n${jobs.toLocaleString("en-US")} jobs, ${matched.toLocaleString("en-US")} matches, Node ${process.version}`);
}

main(process.argv.slice(2));
