/**
 * Loading benchmark: time and peak RSS to load resampled OSPool dumps of 1k, 5k and 20k slots
 * (old `-long` format, ~26 KB per slot) with every attribute available but none parsed ahead of
 * need. Each case runs in its own process; best of `--runs` (default 3).
 *
 * `--mode stream` streams the same dumps with `streamAds` instead, keeping no ad: each ad's
 * `Memory` is evaluated and the ad dropped, so peak RSS shows what the reader itself holds.
 *
 *   npx tsx benchmarks/load.bench.ts [--mode load|stream] [--cases 1000,5000,20000] [--runs 3] [--seed 1]
 *
 * Dumps are generated (seeded) under benchmarks/.data/ on first use.
 */
import "../scripts/re2js-for-sources.js";
import { spawnSync } from "node:child_process";
import { childArgs } from "./bundled.js";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readAds, streamAds } from "../src/formats/stream.js";
import { generatePool, poolPath } from "./generate-pool.js";

interface CaseResult {
  slots: number;
  seconds: number;
  /** CPU time of the process during the load (all threads: the GC marks concurrently). */
  cpuSeconds: number;
  peakRssMiB: number;
  ads: number;
  attributes: number;
  faults: number;
  bytes: number;
}

function argValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

type Mode = "load" | "stream";

/**
 * One streaming case, in this process: read the dump with `streamAds`, evaluate `Memory` in each
 * ad and drop it (no ad is kept), report.
 */
async function runStreamCase(path: string, slots: number): Promise<CaseResult> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const stream = streamAds(path);
  let withMemory = 0;
  for await (const ad of stream) {
    if (ad.evaluate("Memory").kind === "int") withMemory++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  if (withMemory !== stream.summary.ads) throw new Error(`${stream.summary.ads - withMemory} ads without an integer Memory`);
  return {
    slots,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB,
    ads: stream.summary.ads,
    attributes: stream.summary.attributes,
    faults: stream.summary.faults,
    bytes: statSync(path).size,
  };
}

/** One case, in this process: load the dump, keep all ads, report. */
async function runCase(path: string, slots: number): Promise<CaseResult> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await readAds(path);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  // Keep the ads alive until measured, and check they are usable.
  const first = result.ads[0];
  if (!first || first.lookup("Requirements") === undefined) throw new Error("loaded ads are not usable");
  return {
    slots,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB,
    ads: result.summary.ads,
    attributes: result.summary.attributes,
    faults: result.summary.faults,
    bytes: statSync(path).size,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seed = Number(argValue(argv, "--seed") ?? "1");
  const mode = (argValue(argv, "--mode") ?? "load") as Mode;
  if (mode !== "load" && mode !== "stream") throw new Error(`unknown --mode ${String(mode)}`);
  const child = argValue(argv, "--child");
  if (child !== undefined) {
    const slots = Number(child);
    const result = await (mode === "stream" ? runStreamCase : runCase)(poolPath(slots, seed), slots);
    process.stdout.write(JSON.stringify(result) + "\n");
    return;
  }
  const cases = (argValue(argv, "--cases") ?? "1000,5000,20000").split(",").map(Number);
  const runs = Number(argValue(argv, "--runs") ?? "3");
  const script = fileURLToPath(import.meta.url);
  const rows: CaseResult[] = [];
  for (const slots of cases) {
    if (!existsSync(poolPath(slots, seed))) await generatePool(slots, seed);
    let best: CaseResult | null = null;
    for (let run = 0; run < runs; run++) {
      const out = spawnSync(process.execPath, childArgs(script, ["--child", String(slots), "--seed", String(seed), "--mode", mode]), {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      if (out.status !== 0) throw new Error(`case ${slots} failed: ${out.stderr}`);
      const result = JSON.parse(out.stdout.trim().split("\n").pop()!) as CaseResult;
      const peak = Math.max(result.peakRssMiB, best?.peakRssMiB ?? 0);
      if (best === null || result.seconds < best.seconds) best = { ...result, peakRssMiB: peak };
      else best.peakRssMiB = peak;
    }
    rows.push(best!);
  }
  const lines = [
    `| slots | dump size | ads | attributes | faults | ${mode === "stream" ? "stream time, no ad kept" : "load time"} (best) | CPU time | µs / slot | peak RSS (max) |`,
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.slots} | ${(r.bytes / 1e6).toFixed(0)} MB | ${r.ads} | ${r.attributes} | ${r.faults} | ${r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${((r.seconds / r.slots) * 1e6).toFixed(0)} | ${r.peakRssMiB.toFixed(0)} MiB |`,
    ),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

await main();
