/**
 * What an explanation costs next to a plain evaluation: every shared job's Requirements
 * (test/data/conformance/match/jobs) against each of the 143 real OSPool slots, MY = job, TARGET =
 * slot, now = 1783286200 (1,716 pairs), and the slots' own Requirements against each job (slot
 * side). Cases:
 * - `evaluate`: `evaluate(requirements, { my, target, now })`;
 * - `explain`: `explain(...)` on the same pairs (a recorded run, the tree, the lint hints);
 * - `lint`: `lintAd(job, { targets: slots })` for the 12 jobs (what the web page does per job);
 * `-slots` cases do the same from the slots' side. Each case runs in its own process: one untimed
 * pass, then timed passes for `--seconds`; the fastest pass is kept; best of `--runs`.
 *
 *   npx tsx benchmarks/explain.bench.ts [--cases evaluate,explain,evaluate-slots,explain-slots,lint] [--runs 5] [--seconds 2]
 */
import "../scripts/re2js-for-sources.js";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClassAd } from "../src/classad/classad.js";
import { evaluate } from "../src/classad/evaluate.js";
import { parseAds } from "../src/formats/read.js";
import { explain } from "../src/explain/explain.js";
import { lintAd } from "../src/explain/lint.js";
import type { Expr } from "../src/model/nodes.js";

const MATCH = join(fileURLToPath(new URL(".", import.meta.url)), "../test/data/conformance/match");
const NOW = 1_783_286_200;
const CASES = ["evaluate", "explain", "evaluate-slots", "explain-slots", "lint"] as const;
type CaseName = (typeof CASES)[number];

function argValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function load(): { jobs: ClassAd[]; slots: ClassAd[]; jobTexts: string[] } {
  const jobTexts = readdirSync(join(MATCH, "jobs"))
    .sort()
    .map((f) => readFileSync(join(MATCH, "jobs", f), "latin1"));
  const jobs = jobTexts.map((t) => parseAds(t).ads[0] as ClassAd);
  const slots = parseAds(readFileSync(join(MATCH, "pool-ospool-143.ads"), "latin1")).ads;
  return { jobs, slots, jobTexts };
}

interface Pair {
  readonly expr: Expr;
  readonly my: ClassAd;
  readonly target: ClassAd;
}

function pairs(jobs: readonly ClassAd[], slots: readonly ClassAd[], slotSide: boolean): Pair[] {
  const out: Pair[] = [];
  for (const job of jobs) {
    for (const slot of slots) {
      const [my, target] = slotSide ? [slot, job] : [job, slot];
      const expr = my.lookup("Requirements");
      if (expr !== undefined) out.push({ expr, my, target });
    }
  }
  return out;
}

/** One pass of a case; returns the number of operations it did. */
function pass(name: CaseName, data: ReturnType<typeof load>, work: Pair[]): number {
  switch (name) {
    case "evaluate":
    case "evaluate-slots":
      for (const p of work) evaluate(p.expr, { my: p.my, target: p.target, now: NOW, timeZone: "UTC" });
      return work.length;
    case "explain":
    case "explain-slots":
      for (const p of work) explain(p.expr, { my: p.my, target: p.target, now: NOW, timeZone: "UTC" });
      return work.length;
    case "lint":
      // A fresh read per job, as the page does: spacing hints need the attribute text unparsed.
      for (const text of data.jobTexts) lintAd(parseAds(text).ads[0] as ClassAd, { targets: data.slots });
      return data.jobTexts.length;
  }
}

function child(name: CaseName, seconds: number): void {
  const data = load();
  const work = name === "lint" ? [] : pairs(data.jobs, data.slots, name.endsWith("-slots"));
  pass(name, data, work);
  let best = Infinity;
  let ops = 0;
  const until = performance.now() + seconds * 1000;
  do {
    const start = performance.now();
    ops = pass(name, data, work);
    best = Math.min(best, performance.now() - start);
  } while (performance.now() < until);
  process.stdout.write(JSON.stringify({ name, ops, ms: best }) + "\n");
}

function main(): void {
  const argv = process.argv.slice(2);
  const only = argValue(argv, "--child");
  const seconds = Number(argValue(argv, "--seconds") ?? "2");
  if (only !== undefined) return child(only as CaseName, seconds);
  const runs = Number(argValue(argv, "--runs") ?? "5");
  const cases = (argValue(argv, "--cases")?.split(",") ?? [...CASES]) as CaseName[];
  const results = new Map<CaseName, { ops: number; ms: number }>();
  for (const name of cases) {
    let best: { ops: number; ms: number } | null = null;
    for (let r = 0; r < runs; r++) {
      const out = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name, "--seconds", String(seconds)], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`${name}: ${out.stderr}`);
      const result = JSON.parse(out.stdout.trim().split("\n").pop() as string) as { ops: number; ms: number };
      if (best === null || result.ms < best.ms) best = result;
    }
    results.set(name, best as { ops: number; ms: number });
  }
  console.log("| case | operations | best pass (ms) | µs per operation | vs evaluate |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [name, r] of results) {
    const base = name.startsWith("explain") ? results.get(name.replace("explain", "evaluate") as CaseName) : undefined;
    const ratio = base === undefined ? "" : `${((r.ms / r.ops) / (base.ms / base.ops)).toFixed(1)}x`;
    console.log(`| ${name} | ${r.ops} | ${r.ms.toFixed(1)} | ${((r.ms * 1000) / r.ops).toFixed(1)} | ${ratio} |`);
  }
}

main();
