/**
 * Whole-process benchmark (issue 11): wall time and peak RSS of what a user runs, from the
 * process's start to its exit, each run a new process:
 *
 * - `classad match JOB POOL --json` and `classad analyze JOB POOL` on resampled OSPool pools
 *   (benchmarks/generate-pool.ts, seed 1) of the sizes asked;
 * - HTCondor's C++ library on the same file, loaded its quickest way and matched
 *   (`match_oracle JOB POOL --fast-reader`, under faketime at now = 1783286200), when
 *   `--oracle PATH` or `CLASSAD_ORACLE_BIN` names the binary (the column is skipped, and said so,
 *   otherwise);
 * - `classad eval '1 + 1'` against `node -e 0`.
 *
 * The cases of one size alternate run by run, so that a busy machine slows them alike; the
 * figures to compare are the ratios of one run. Peak RSS is `/usr/bin/time`'s maximum resident
 * set size of the process (worker threads included).
 *
 *   npm run build && CLASSAD_ORACLE_BIN=/work/oracle/bin/match_oracle \
 *     npx tsx benchmarks/e2e.bench.ts [--slots 1000,5000,20000,100000] [--runs 3] [--job s02-ospool-container] [--json]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { generatePool, poolPath } from "./generate-pool.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli", "main.js");
const NOW = 1783286200;
const FAKETIME = "@2026-07-05 21:16:40";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

interface Case {
  readonly name: string;
  readonly command: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

interface Timing {
  readonly ms: number;
  readonly rssMiB: number;
}

/** One run under /usr/bin/time: wall ms (measured here) and peak RSS. */
function runOnce(c: Case): Timing {
  const started = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "__peak_rss_kb %M", ...c.command], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, TZ: "UTC", CI: "1", ...c.env },
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = result.stderr.toString();
  const rss = /__peak_rss_kb (\d+)/.exec(stderr);
  // match exits 1 when nothing matches; anything else is a failure.
  if (rss === null || (result.status !== 0 && result.status !== 1)) throw new Error(`${c.command.join(" ")} failed (${result.status}): ${stderr.slice(0, 400)}`);
  return { ms, rssMiB: Number(rss[1]) / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Row {
  readonly group: string;
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly peakRssMiB: number;
  readonly baseline: string;
  readonly ratio: number;
}

function measure(group: string, cases: readonly Case[], runs: number, baseline: string): Row[] {
  const times = new Map<string, Timing[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.name)?.push(runOnce(c));
  const medians = new Map(cases.map((c) => [c.name, median((times.get(c.name) ?? []).map((t) => t.ms))]));
  const base = medians.get(baseline) ?? Number.NaN;
  return cases.map((c) => {
    const t = times.get(c.name) ?? [];
    const medianMs = medians.get(c.name) ?? Number.NaN;
    return { group, name: c.name, medianMs, minMs: Math.min(...t.map((x) => x.ms)), peakRssMiB: Math.max(...t.map((x) => x.rssMiB)), baseline, ratio: medianMs / base };
  });
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const sizes = (option("--slots") ?? "1000,5000,20000,100000").split(",").map(Number);
  const runs = Number(option("--runs") ?? "3");
  const jobName = option("--job") ?? "s02-ospool-container";
  const job = join(ROOT, "test/data/conformance/match/jobs", `${jobName}.ad`);
  const oracle = option("--oracle") ?? process.env.CLASSAD_ORACLE_BIN ?? null;
  const hasFaketime = spawnSync("faketime", ["-f", FAKETIME, "true"]).status === 0;
  const notes: string[] = [];
  if (oracle === null || !existsSync(oracle)) notes.push("C++ column skipped: no --oracle PATH or CLASSAD_ORACLE_BIN (match_oracle)");
  else if (!hasFaketime) notes.push("C++ column skipped: faketime is not installed");
  const useOracle = notes.length === 0 && oracle !== null;

  const rows: Row[] = [];
  rows.push(
    ...measure(
      "start-up",
      [
        { name: "node -e 0", command: [process.execPath, "-e", "0"] },
        { name: "classad eval '1 + 1'", command: [process.execPath, CLI, "eval", "1 + 1"] },
      ],
      Math.max(runs, 10),
      "node -e 0",
    ),
  );
  for (const slots of sizes) {
    const pool = poolPath(slots, 1);
    if (!existsSync(pool)) await generatePool(slots, 1);
    const cases: Case[] = [];
    if (useOracle) cases.push({ name: "C++ match_oracle --fast-reader", command: ["faketime", "-f", FAKETIME, oracle as string, job, pool, "--fast-reader"] });
    cases.push({ name: "classad match --json", command: [process.execPath, CLI, "match", job, pool, "--now", String(NOW), "--json"] });
    cases.push({ name: "classad analyze", command: [process.execPath, CLI, "analyze", job, pool, "--now", String(NOW)] });
    rows.push(...measure(`${slots} slots`, cases, runs, useOracle ? "C++ match_oracle --fast-reader" : "classad match --json"));
  }

  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ node: process.version, job: jobName, runs, notes, rows }, null, 2));
    return;
  }
  console.log(`node ${process.version}, job ${jobName}, ${runs} runs per case (alternating; start-up: ${Math.max(runs, 10)})`);
  for (const note of notes) console.log(note);
  console.log("group          case                              median ms    min ms  peak RSS MiB  ratio (median / baseline)");
  for (const r of rows) {
    console.log(
      `${r.group.padEnd(14)} ${r.name.padEnd(32)} ${r.medianMs.toFixed(0).padStart(10)} ${r.minMs.toFixed(0).padStart(9)} ${r.peakRssMiB.toFixed(0).padStart(13)}  ${r.ratio.toFixed(2)}x of ${r.baseline}`,
    );
  }
}

await main();
