/**
 * Matchmaking benchmark. Each case runs in its own process (no JIT state shared), seeded inputs,
 * best of `--runs` (default 5) for every timed step.
 *
 *   npx tsx benchmarks/match.bench.ts [--cases container-20k,simple-100k,cycle-1000x20k] [--runs 5] [--seed 1]
 *
 * Cases:
 * - `container-20k`: the OSPool container job (test/data/conformance/match/jobs/s02-ospool-container.ad)
 *   against 20,000 slots resampled from the real OSPool sample (benchmarks/generate-pool.ts), after
 *   loading. Timed: the first match on a new Pool (cold: compiles, groups the slots), a second job
 *   on the same Pool (warm), and the plain path (the evaluator on every slot) as the baseline.
 * - `simple-100k`: the vanilla job (jobs/s01-vanilla-default.ad) against 100,000 synthetic slots
 *   (seeded: 40 machine types of realistic sizes, per-slot Name, SlotID and free Memory/Disk drawn
 *   from a few values each).
 * - `cycle-1000x20k`: 1,000 jobs built from 100 distinct requirement shapes (condor_submit defaults
 *   plus user clauses, see `jobShapes`) against the 20,000 resampled slots through one Pool, as in
 *   a negotiation cycle; the plain baseline is measured on the first 10 jobs and scaled.
 */
import "../scripts/re2js-for-sources.js";
import { spawnSync } from "node:child_process";
import { childArgs } from "./bundled.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { attrRef, binary, call, literal } from "../src/ast/build.js";
import type { Expr } from "../src/model/nodes.js";
import { ClassAd } from "../src/classad/classad.js";
import { TRUE, intValue, stringValue } from "../src/model/value.js";
import { parseAds } from "../src/formats/read.js";
import { readAds } from "../src/formats/stream.js";
import { Pool, matchPool } from "../src/match/index.js";
import { generatePool, poolPath } from "./generate-pool.js";

const ROOT = join(fileURLToPath(import.meta.url), "../..");
const JOBS = join(ROOT, "test/data/conformance/match/jobs");
const NOW = 1783286200;

interface Timing {
  readonly label: string;
  readonly ms: number;
  readonly matched: number;
  readonly note?: string;
}

function argValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function readJob(name: string): ClassAd {
  const [ad] = parseAds(readFileSync(join(JOBS, name), "latin1"), { format: "long" }).ads;
  if (ad === undefined) throw new Error(`no ad in ${name}`);
  return ad;
}

function best(runs: number, fn: () => number): { ms: number; value: number } {
  let ms = Infinity;
  let value = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, value };
}

/** A small seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function loadResampled(slots: number, seed: number): Promise<{ ads: ClassAd[]; loadMs: number }> {
  if (!existsSync(poolPath(slots, seed))) await generatePool(slots, seed);
  const started = performance.now();
  const ads = (await readAds(poolPath(slots, seed))).ads;
  return { ads, loadMs: performance.now() - started };
}

async function containerCase(runs: number, seed: number): Promise<Timing[]> {
  const { ads, loadMs } = await loadResampled(20_000, seed);
  const job = readJob("s02-ospool-container.ad");
  const other = readJob("s03-unscoped-singularity.ad");
  const out: Timing[] = [{ label: "load 20,000 slots (readAds)", ms: loadMs, matched: ads.length }];
  // The very first match also parses the attribute text the reader left unparsed (lazy loading).
  const first = best(1, () => matchPool(job, new Pool(ads), { now: NOW }).indices.length);
  out.push({ label: "fast, first match in the process (parses the attributes it reads)", ms: first.ms, matched: first.value });
  // A new Pool knows nothing; the process keeps only parsed expressions and compiled closures.
  out.push(...poolSteps(ads, job, other, runs));
  return out;
}

/**
 * The steps every case measures on one pool: a new Pool's first job; `Pool.prepare()` (once per
 * pool) and the first job after it; a job on a pool that other jobs used (warm); the plain path.
 */
function poolSteps(slots: ClassAd[], job: ClassAd, other: ClassAd, runs: number): Timing[] {
  const out: Timing[] = [];
  const cold = best(runs, () => matchPool(job, new Pool(slots), { now: NOW }).indices.length);
  out.push({ label: "fast, first job on a new Pool (cold)", ms: cold.ms, matched: cold.value });
  let prepared: Pool[] = [];
  const prepare = best(runs, () => {
    prepared.push(new Pool(slots).prepare());
    return slots.length;
  });
  out.push({ label: "Pool.prepare() (once per pool: slot classes)", ms: prepare.ms, matched: prepare.value });
  const afterPrepare = best(runs, () => matchPool(job, prepared.pop() as Pool, { now: NOW }).indices.length);
  out.push({ label: "fast, first job on a prepared Pool", ms: afterPrepare.ms, matched: afterPrepare.value });
  prepared = [];
  const pool = new Pool(slots).prepare();
  matchPool(other, pool, { now: NOW });
  const warm = best(runs, () => matchPool(job, pool, { now: NOW }).indices.length);
  out.push({ label: "fast, job on a Pool already used by other jobs (warm)", ms: warm.ms, matched: warm.value });
  const plain = best(Math.min(runs, 3), () => matchPool(job, slots, { now: NOW, strategy: "plain" }).indices.length);
  out.push({ label: "plain (evaluator on every slot): baseline", ms: plain.ms, matched: plain.value });
  return out;
}

/** 100,000 synthetic slots: 40 machine types, each slot with its own Name and SlotID. */
function syntheticSlots(count: number, seed: number): ClassAd[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const types = Array.from({ length: 40 }, (_, i) => ({
    cpus: pick([1, 2, 4, 8, 16, 32, 64]),
    memory: pick([2048, 4096, 8192, 16384, 32768, 65536, 131072]),
    disk: pick([10_000_000, 50_000_000, 100_000_000, 500_000_000]),
    arch: i % 10 === 0 ? "aarch64" : "X86_64",
    hasFileTransfer: i % 13 !== 0,
  }));
  // START = (isUndefined(TARGET.ProjectName) != true) && (MY.Memory >= TARGET.RequestMemory)
  // Requirements = START && (MY.Cpus >= TARGET.RequestCpus) && (MY.Disk >= TARGET.RequestDisk)
  const my = (name: string): Expr => attrRef(name, attrRef("MY"));
  const target = (name: string): Expr => attrRef(name, attrRef("TARGET"));
  const start = binary(
    "&&",
    binary("!=", call("isUndefined", [target("ProjectName")]), literal(TRUE)),
    binary(">=", my("Memory"), target("RequestMemory")),
  );
  const reqs = binary(
    "&&",
    binary("&&", attrRef("START"), binary(">=", my("Cpus"), target("RequestCpus"))),
    binary(">=", my("Disk"), target("RequestDisk")),
  );
  const rank = literal(intValue(0));
  const slots: ClassAd[] = [];
  for (let i = 0; i < count; i++) {
    const type = pick(types);
    const ad = new ClassAd();
    ad.set("Name", literal(stringValue(`slot${(i % 64) + 1}@node${Math.floor(i / 64)}.example.org`)));
    ad.set("SlotID", literal(intValue((i % 64) + 1)));
    ad.set("Arch", literal(stringValue(type.arch)));
    ad.set("OpSys", literal(stringValue("LINUX")));
    ad.set("Cpus", literal(intValue(type.cpus)));
    ad.set("Memory", literal(intValue(pick([type.memory, type.memory / 2, type.memory / 4]))));
    ad.set("Disk", literal(intValue(pick([type.disk, type.disk / 2]))));
    ad.set("HasFileTransfer", literal({ kind: "bool", v: type.hasFileTransfer }));
    ad.set("START", start);
    ad.set("Requirements", reqs);
    ad.set("Rank", rank);
    slots.push(ad);
  }
  return slots;
}

function simpleCase(runs: number, seed: number): Timing[] {
  const started = performance.now();
  const slots = syntheticSlots(100_000, seed);
  const out: Timing[] = [{ label: "build 100,000 synthetic slots", ms: performance.now() - started, matched: slots.length }];
  const job = readJob("s01-vanilla-default.ad");
  out.push(...poolSteps(slots, job, readJob("s07-rank-memory.ad"), runs));
  return out;
}

/**
 * 100 requirement shapes as the OSPool produces them: an optional user clause, condor_submit's
 * defaults (should_transfer_files = YES) for the job's requests, and the access point's container
 * clauses for jobs with a SingularityImage (the strings `buildSubmitRequirements` and
 * `ospoolContainerTransform` produce, written out here so the case measures matching only).
 */
function jobShapes(seed: number): ClassAd[] {
  const rand = random(seed + 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const userClauses = [
    null,
    "HAS_SINGULARITY == true && OSG_HOST_KERNEL_VERSION >= 31000",
    'OSG_OS_VERSION == "9" || OpSysMajorVer == 9',
    'regexp("^(SU-ITS|UNL-PATH|CHTC)$", GLIDEIN_Site)',
    "(TARGET.HAS_CVMFS_singularity_opensciencegrid_org =?= true)",
    '(TARGET.GLIDEIN_Site =!= "SU-ITS") && ((TARGET.IsBlackHole ?: false) == false)',
    "TARGET.Cpus >= 2",
    'OSGVO_OS_STRING == "RHEL 8" && Arch == "X86_64"',
    "HAS_SINGULARITY =?= true",
    "TARGET.GPUs >= 1",
  ];
  const images: (readonly [string, string] | null)[] = [
    null,
    null,
    ["/cvmfs/singularity.opensciencegrid.org/htc/rocky:9", " && TARGET.HasSingularity && TARGET.HAS_SINGULARITY"],
    [
      "osdf:///ospool/ap40/data/u/img.sif",
      ' && TARGET.HasSingularity && StringListIMember("osdf",TARGET.HasFileTransferPluginMethods) && TARGET.SINGULARITY_CAN_USE_SIF',
    ],
    ["docker://hub.opensciencegrid.org/htc/rocky:9", " && TARGET.HasSingularity && TARGET.SINGULARITY_CAN_USE_REGISTRY"],
  ];
  const shapes: ClassAd[] = [];
  const seen = new Set<string>();
  while (shapes.length < 100) {
    const user = pick(userClauses);
    const image = pick(images);
    const memory = pick([1024, 2048, 4096, 8192, 16384]);
    const cpus = pick([1, 1, 2, 4]);
    const key = `${user}|${image?.[0]}|${memory}|${cpus}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let requirements = user !== null ? `(${user}) && ` : "";
    if (user === null || !/\bArch\b/.test(user)) requirements += '(TARGET.Arch == "X86_64") && ';
    requirements += '(TARGET.OpSys == "LINUX") && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory)';
    if (cpus > 1 && (user === null || !/Cpus/.test(user))) requirements += " && (TARGET.Cpus >= RequestCpus)";
    requirements += " && (TARGET.HasFileTransfer)";
    if (image !== null) requirements += image[1];
    const text =
      readFileSync(join(JOBS, "s01-vanilla-default.ad"), "latin1").replace(/^Requirements = .*\n?/m, "") +
      `RequestMemory = ${memory}\nRequestCpus = ${cpus}\n` +
      (image !== null ? `SingularityImage = "${image[0]}"\n` : "") +
      `Requirements = ${requirements}\n`;
    shapes.push(parseAds(text, { format: "long" }).ads[0] as ClassAd);
  }
  return shapes;
}

async function cycleCase(runs: number, seed: number): Promise<Timing[]> {
  const { ads } = await loadResampled(20_000, seed);
  const shapes = jobShapes(seed);
  const jobs: ClassAd[] = [];
  for (let i = 0; i < 1000; i++) {
    const job = new ClassAd((shapes[i % shapes.length] as ClassAd).entries());
    job.set("ProcId", literal(intValue(i)));
    job.set("ClusterId", literal(intValue(1000 + Math.floor(i / 10))));
    jobs.push(job);
  }
  let matchedTotal = 0;
  const cycle = best(runs, () => {
    const pool = new Pool(ads).prepare();
    matchedTotal = 0;
    for (const job of jobs) matchedTotal += matchPool(job, pool, { now: NOW }).indices.length;
    return matchedTotal;
  });
  const out: Timing[] = [
    { label: "fast, 1,000 jobs through one new Pool (whole cycle, prepare included)", ms: cycle.ms, matched: cycle.value },
  ];
  const sample = jobs.slice(0, 10);
  const plainAnswers: Int32Array[] = [];
  const plain = best(1, () => {
    let matched = 0;
    for (const job of sample) {
      const indices = matchPool(job, ads, { now: NOW, strategy: "plain" }).indices;
      plainAnswers.push(indices);
      matched += indices.length;
    }
    return matched;
  });
  // The fast path must give the plain path's answers (a benchmark of wrong answers proves nothing).
  const check = new Pool(ads).prepare();
  sample.forEach((job, i) => {
    const fast = matchPool(job, check, { now: NOW }).indices;
    if (fast.join() !== (plainAnswers[i] as Int32Array).join()) throw new Error(`fast and plain disagree on job ${i}`);
  });
  out.push({
    label: "plain, scaled from the first 10 jobs: baseline",
    ms: plain.ms * (jobs.length / sample.length),
    matched: Math.round(plain.value * (jobs.length / sample.length)),
    note: `measured ${plain.ms.toFixed(0)} ms for 10 jobs`,
  });
  return out;
}

async function runCase(name: string, runs: number, seed: number): Promise<Timing[]> {
  switch (name) {
    case "container-20k":
      return containerCase(runs, seed);
    case "simple-100k":
      return simpleCase(runs, seed);
    case "cycle-1000x20k":
      return cycleCase(runs, seed);
    default:
      throw new Error(`unknown case ${name}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seed = Number(argValue(argv, "--seed") ?? "1");
  const runs = Number(argValue(argv, "--runs") ?? "5");
  const child = argValue(argv, "--child");
  if (child !== undefined) {
    process.stdout.write(JSON.stringify(await runCase(child, runs, seed)) + "\n");
    return;
  }
  const cases = (argValue(argv, "--cases") ?? "container-20k,simple-100k,cycle-1000x20k").split(",");
  const script = fileURLToPath(import.meta.url);
  const lines: string[] = [];
  for (const name of cases) {
    const out = spawnSync(
      process.execPath,
      childArgs(script, ["--child", name, "--runs", String(runs), "--seed", String(seed)], ["--max-old-space-size=8192"]),
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (out.status !== 0) throw new Error(`case ${name} failed: ${out.stderr}`);
    const timings = JSON.parse(out.stdout.trim().split("\n").pop() as string) as Timing[];
    const baseline = timings.find((t) => t.label.includes("baseline"));
    lines.push(`### ${name}`, "", "| step | time (best) | matched | vs plain |", "|---|---:|---:|---:|");
    for (const t of timings) {
      const ratio = baseline && t !== baseline && t.label.startsWith("fast") ? `${(baseline.ms / t.ms).toFixed(1)}x` : "";
      lines.push(`| ${t.label}${t.note ? ` (${t.note})` : ""} | ${t.ms.toFixed(1)} ms | ${t.matched} | ${ratio} |`);
    }
    lines.push("");
  }
  process.stdout.write(lines.join("\n"));
}

await main();
