/**
 * Start-up benchmark of the `classad` binary: wall time of `classad eval '1 + 1'` (the built
 * dist/cli/main.js) against bare `node -e 0`, as hyperfine would measure them. Each run is a new
 * process; the cases alternate run by run so that a busy machine slows both alike. Reports the
 * median, mean and minimum of each, and the ratio of medians.
 *
 *   npm run build && npx tsx benchmarks/cli-start.bench.ts [--runs 40] [--warmup 3] [--json] [--cli PATH]
 *
 * `--cli PATH` times another build of the binary (e.g. an older commit's dist/cli/main.js).
 * To time another Node.js, run this script with it: `npx -p node@24 node node_modules/tsx/dist/cli.mjs ...`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const cliAt = process.argv.indexOf("--cli");
const CLI = cliAt >= 0 ? (process.argv[cliAt + 1] ?? "") : join(ROOT, "dist", "cli", "main.js");

interface Case {
  readonly name: string;
  readonly args: readonly string[];
}

const CASES: readonly Case[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "classad eval '1 + 1'", args: [CLI, "eval", "1 + 1"] },
  { name: "classad --version", args: [CLI, "--version"] },
];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} expects a positive integer`);
  return value;
}

/** Wall time of one run in ms, or null when the command fails (an older build without --version). */
function timeOnce(args: readonly string[]): number | null {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return result.status === 0 ? ms : null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function main(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const runs = option("--runs", 40);
  const warmup = option("--warmup", 3);
  const cases = CASES.filter((c) => timeOnce(c.args) !== null);
  for (let i = 1; i < warmup; i++) for (const c of cases) timeOnce(c.args);
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const ms = timeOnce(c.args);
      if (ms === null) throw new Error(`${c.args.join(" ")} failed`);
      times.get(c.name)?.push(ms);
    }
  }

  const rows = cases.map((c) => {
    const t = times.get(c.name) ?? [];
    return { name: c.name, medianMs: median(t), meanMs: t.reduce((a, b) => a + b, 0) / t.length, minMs: Math.min(...t) };
  });
  const base = rows[0]?.medianMs ?? 1;
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ node: process.version, runs, cases: rows.map((r) => ({ ...r, ratio: r.medianMs / base })) }, null, 2));
    return;
  }
  console.log(`node ${process.version}, ${CLI}, ${runs} runs per case (alternating), ${warmup} warm-up runs`);
  console.log("case                     median    mean     min   ratio (median / node -e 0)");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(24)} ${r.medianMs.toFixed(1).padStart(6)}  ${r.meanMs.toFixed(1).padStart(6)}  ${r.minMs.toFixed(1).padStart(6)}   ${(r.medianMs / base).toFixed(2)}x`,
    );
  }
}

main();
