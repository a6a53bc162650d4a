/**
 * `classad demo`, the README's main job (`npm start`): with no data of the user's, probe this
 * machine into a slot ad, make a sample pool by resampling the bundled real OSPool slots with the
 * project's seeded generator, and analyze the bundled example jobs (vanilla, OSPool container,
 * GPU) against both, printing what matches and why not.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { toByteString } from "../../model/bytes.js";
import type { ClassAd } from "../../classad/classad.js";
import { analyze } from "../../analyze/analyze.js";
import { renderAnalysis } from "../../analyze/render.js";
import type { AnalysisReport } from "../../analyze/types.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../command.js";
import { findUpwards } from "../shipped-files.js";
import { loadJobAds } from "./ad-input.js";
import { evaluationTime } from "./clock.js";
import { demoMachine, demoPool } from "./demo-sources.js";

const HELP = `usage: classad demo [options]

Probe this machine into the slot ad an HTCondor execution point would advertise, make a sample
pool by resampling the bundled real OSPool slots, and analyze the bundled example jobs (a vanilla
job, an OSPool container job, a GPU job) against this machine and against the sample pool.

options:
  --slots N        size of the sample pool (default 500, at most 50000)
  --seed N         seed of the resampling generator (default 1)
  --job FILE       analyze this job ad instead of the bundled ones (repeatable)
  --full           print the complete analysis of each job (as \`classad analyze\` does)
  --now EPOCH|now  evaluate the sample pool at this time (default: the time the sample was
                   taken; 'now': the current time); this machine is always evaluated now
  --time-zone ZONE IANA time zone for local-time functions (default UTC; 'local': the host's)
  --json           print everything as JSON
  -h, --help       show this help
  --version        print the version

exit status: 0 when the demo ran, 2 on bad input.
`;

/**
 * The folder holding the bundled samples: `samples/` at the package root, found by walking up
 * from the running binary (its real path: `npx` runs it through a symlink), then from the
 * working directory.
 */
export function samplesDir(): string {
  const found = findUpwards((dir) => (existsSync(join(dir, "samples", "jobs", "vanilla.ad")) ? join(dir, "samples") : null));
  return found ?? resolve("samples");
}

export const BUNDLED_JOBS = [
  { name: "vanilla", file: "vanilla.ad", title: "a plain vanilla job" },
  { name: "ospool-container", file: "ospool-container.ad", title: "an OSPool container job (/cvmfs Singularity image)" },
  { name: "gpu", file: "gpu.ad", title: "a GPU job (1 GPU, compute capability >= 7.0)" },
];

interface JobResult {
  readonly name: string;
  readonly file: string;
  readonly title: string;
  readonly machine: AnalysisReport;
  readonly pool: AnalysisReport;
}

/**
 * The largest sample pool: the demo keeps every resampled slot whole in memory (about 65 KB each,
 * 3.4 GB at 50,000), where `classad match` and `analyze` on a dump file read only what they need.
 */
const MAX_DEMO_SLOTS = 50_000;

export const run = defineCommand({
  name: "demo",
  help: HELP,
  time: true,
  options: {
    slots: { type: "string" },
    seed: { type: "string" },
    job: { type: "string", multiple: true },
    full: { type: "boolean" },
    json: { type: "boolean" },
  },
  async run({ values, now, timeZone }, io) {
    const slotCount = values.slots === undefined ? 500 : Number(values.slots);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(slotCount) || slotCount < 1 || slotCount > MAX_DEMO_SLOTS) throw new UsageError(`--slots expects an integer from 1 to ${MAX_DEMO_SLOTS}`);
    if (!Number.isInteger(seed)) throw new UsageError("--seed expects an integer");

    const dir = samplesDir();
    const jobs =
      values.job === undefined
        ? BUNDLED_JOBS.map((j) => ({ ...j, path: join(dir, "jobs", j.file) }))
        : values.job.map((path) => ({ name: path, file: path, title: path, path }));

    // The job files first: a bad one is reported before the slower probe runs.
    const loaded: { name: string; file: string; title: string; ad: ClassAd }[] = [];
    for (const job of jobs) {
      for (const ad of await loadJobAds(job.path, io)) loaded.push({ name: job.name, file: job.path, title: job.title, ad });
    }
    const machine = await demoMachine();
    const pool = await demoPool(join(dir, "ospool-143.ads.gz"), slotCount, seed);

    const machineNow = Math.floor(Date.now() / 1000);
    const sampleNow = now.kind === "default" && pool.now !== undefined ? pool.now : evaluationTime(now, null).seconds;
    const results: JobResult[] = loaded.map((job) => ({
      name: job.name,
      file: job.file,
      title: job.title,
      machine: analyze(job.ad, [machine.ad], { now: machineNow, timeZone }),
      pool: analyze(job.ad, pool.slots, { now: sampleNow, timeZone }),
    }));

    if (values.json === true) {
      const out = {
        machine: { facts: machine.facts },
        pool: { slots: pool.slots.length, seed, source: pool.source, now: sampleNow },
        jobs: results,
      };
      io.write(toByteString(JSON.stringify(out, null, 2)) + "\n");
      return 0;
    }
    const when = sampleNow === pool.now ? "at the time the sample was taken" : "at the time --now gives";
    io.write(toByteString(renderDemo(results, machine.facts, pool, seed, `${when} (now = ${sampleNow})`, values.full === true)));
    return 0;
  },
});

function relativePath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

function renderDemo(
  results: readonly JobResult[],
  machineFacts: readonly string[],
  pool: { slots: ClassAd[]; source: string },
  seed: number,
  evaluatedAt: string,
  full: boolean,
): string {
  const out: string[] = [];
  out.push("Would these jobs match? This machine, and a sample of the OSPool.", "");
  out.push("This machine (probed):");
  for (const fact of machineFacts) out.push(`  ${fact}`);
  out.push("");
  out.push(
    `Sample pool: ${pool.slots.length} slots resampled (seed ${seed}) from ${relativePath(pool.source)},`,
    `  evaluated ${evaluatedAt}.`,
    "",
  );
  for (const [i, result] of results.entries()) {
    out.push(`=== Job ${i + 1}: ${result.title} (${relativePath(result.file)}) ===`, "");
    if (full) {
      out.push("--- against this machine ---", "");
      out.push(renderAnalysis(result.machine, { jobLabel: result.name, poolLabel: "this machine" }));
      out.push("--- against the sample pool ---", "");
      out.push(renderAnalysis(result.pool, { jobLabel: result.name, poolLabel: "sample pool" }));
      continue;
    }
    out.push(...compactJob(result), "");
  }
  out.push("Run `classad analyze JOB POOL` for the full analysis of a job; `classad demo --full` shows it here.");
  return out.join("\n") + "\n";
}

/** One table for both targets: this machine's pass/fail beside the pool's counts, then the verdicts. */
function compactJob(result: JobResult): string[] {
  const { machine, pool } = result;
  const out: string[] = [];
  const rows = pool.jobClauses.map((clause, i) => {
    const mine = machine.jobClauses[i];
    const here = mine === undefined ? "?" : mine.matchedAlone > 0 ? "yes" : "NO";
    return [`[${clause.index}]`, here, String(clause.matchedAlone), String(clause.remaining), clause.text];
  });
  const head = ["Clause", "This machine", "Pool alone", "Pool remaining", "Condition"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("  ");
  out.push(line(head), line(head.map((h, c) => "-".repeat(c === head.length - 1 ? h.length : (widths[c] ?? 0)))));
  for (const row of rows) out.push(line(row));
  out.push("");
  out.push(`This machine: ${machine.verdict.matches > 0 ? "MATCHES" : "does not match"}.`);
  for (const reason of machine.verdict.reasons) out.push(`  ${reason}`);
  if (machine.container !== null) out.push(...containerLine(machine));
  out.push(`Sample pool: ${pool.verdict.summary}.`);
  for (const reason of pool.verdict.reasons) out.push(`  ${reason}`);
  if (pool.container !== null) out.push(...containerLine(pool));
  const misses = pool.nearMisses.slice(0, 3);
  if (misses.length > 0) {
    out.push("  Near misses (slots failing exactly one clause):");
    for (const m of misses) {
      const where = m.side === "job" ? `job clause [${m.index}]` : `the slots' ${m.from}`;
      out.push(`    ${String(m.slots).padStart(5)} fail only ${where}: ${m.text}`);
    }
  }
  return out;
}

function containerLine(report: AnalysisReport): string[] {
  const c = report.container;
  if (c === null) return [];
  return [
    `  Container readiness: HasSingularity on ${c.hasSingularity} of ${c.slots}, HAS_SINGULARITY on ${c.HAS_SINGULARITY}, ` +
      `both on ${c.both}; SIF on ${c.canUseSif}, registry images on ${c.canUseRegistry}.`,
  ];
}


