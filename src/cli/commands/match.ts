/**
 * `classad match JOB POOL`: the slots of POOL that the job in JOB matches, in the order the
 * negotiator prefers them. Exit 0 when every job matches at least one slot, 1 when one matches
 * none, 2 on bad input.
 */
import { toByteString } from "../../model/bytes.js";
import type { ClassAd } from "../../classad/classad.js";
import { Pool, matchPool, type MatchResult } from "../../match/index.js";
import { matchReads } from "../../match/reads.js";
import { UsageError } from "../errors.js";
import { countOption } from "../args.js";
import { defineCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { PhaseClock, peakRssMiB, phaseJson, phaseReport } from "../phases.js";
import { loadJobAds, sourceLabel } from "./ad-input.js";
import { dumpTimeNotice, evaluationTime, type EvaluationTime } from "./clock.js";
import { selectJobs, type Job } from "./jobs.js";
import { loadSlotsFor, type LoadedSlots } from "./pool-input.js";
import { escapeControls } from "../terminal.js";
import { strictFailure, type SkippedAds } from "../faults.js";

const HELP = `usage: classad match JOB POOL [options]

Match the job ad in JOB against every slot ad in POOL as HTCondor's negotiator does: the job's
Requirements with MY = job and TARGET = slot, and each slot's Requirements with MY = slot and
TARGET = job (unscoped names missing from one ad are looked up in the other). Matching slots are
listed by the job's Rank (highest first), then the slot's Rank, then their position in POOL.

  JOB              job ads (-long, -long:new, JSON or XML; gzip accepted), or - for stdin.
                   A file with several jobs (condor_q -long) gives one list per job.
  POOL             slot ads in any of those formats, or - for stdin

options:
  --job ID         only the job CLUSTER.PROC (or every job of CLUSTER) of JOB
  --now EPOCH|now  evaluate time() and CurrentTime at this time (seconds since the epoch).
                   Default: the dump's own time when the slots carry it (MyCurrentTime,
                   LastHeardFrom), else the current time; 'now' asks for the current time
  --time-zone ZONE IANA time zone of the local-time functions (default UTC; 'local': the host's)
  --one-way        only the job's Requirements must hold
  --plain          evaluate every slot with the evaluator (no compiled fast path)
  --json           print {"now", "nowSource", "matches": [{"index", "name", "jobRank",
                   "slotRank"}, ...]} (index: 0-based position of the slot ad in POOL,
                   counting ads skipped as malformed);
                   several jobs: {"now", "nowSource", "jobs": [{"job", "matches"}, ...]}
  --stats          print where the time went to stderr (start-up, read, scan, parse, prepare,
                   match, write: they add up to the wall time), the values parsed and the
                   peak memory; with --json, as a "stats" member of the document
  --repeat N       benchmark: match each job on a new pool (cold) and then N times on the
                   same pool (warm); print the times, microseconds per slot and peak memory
                   instead of the matches (with --json, as a document)
  --threads N      threads scanning a big POOL file (default: one per core, up to 4, one per 128 MiB)
  --strict         read every attribute of every ad (a syntax error in any attribute skips the
                   ad, as HTCondor does), and exit 3 when an ad of JOB or POOL was skipped
  -h, --help       show this help
  --version        print the version

exit status: 0 every job matches at least one slot, 1 a job matches none, 2 bad input or usage,
3 with --strict: an ad was skipped as malformed (the matches of the others are printed).
`;

export const run = defineCommand({
  name: "match",
  help: HELP,
  time: true,
  positionals: { min: 2, max: 2, what: "JOB and POOL" },
  options: {
    job: { type: "string" },
    "one-way": { type: "boolean" },
    plain: { type: "boolean" },
    json: { type: "boolean" },
    stats: { type: "boolean" },
    repeat: { type: "string" },
    threads: { type: "string" },
    strict: { type: "boolean" },
  },
  async run({ values, positionals, now, timeZone }, io) {
    const clock = new PhaseClock();
    const strict = values.strict === true;
    const skipped: SkippedAds = { count: 0 };
    const json = values.json === true;
    const [jobPath, poolPath] = positionals as [string, string];
    if (jobPath === "-" && poolPath === "-") throw new UsageError("JOB and POOL cannot both be read from stdin");
    const repeat = values.repeat === undefined ? null : countOption("--repeat", values.repeat, 1);
    const threads = values.threads === undefined ? undefined : countOption("--threads", values.threads, 1);

    const jobs = selectJobs(await loadJobAds(jobPath, io, { json, command: "match", skipped }), values.job, sourceLabel(jobPath));
    // What matching these jobs reads of a slot (and what a report prints: its Name, the dump's time).
    const reads = matchReads(
      jobs.map((job) => job.ad),
      ["mycurrenttime", "lastheardfrom"],
    );
    const loaded = await loadSlotsFor(poolPath, io, reads, { json, threads, clock, command: "match", strict, skipped });
    const slots = loaded.slots;
    const time = evaluationTime(now, slots);
    const notice = dumpTimeNotice("match", time);
    if (notice !== null && !json) io.error(notice);
    const options = {
      now: time.seconds,
      timeZone,
      oneWay: values["one-way"] === true,
      strategy: values.plain === true ? ("plain" as const) : ("fast" as const),
    };
    if (repeat !== null) return benchmark(jobs, loaded, options, repeat, json, io);

    const pool = new Pool(loaded.source);
    if (values.plain !== true) pool.prepare();
    clock.mark("prepare", "slot classes from the loaded columns");
    const results = jobs.map((job) => matchPool(job.ad, pool, options));
    const s = results.map((r) => r.stats);
    const sum = (pick: (stats: MatchResult["stats"]) => number): number => s.reduce((total, one) => total + pick(one), 0);
    clock.mark(
      "match",
      `${s[0]?.strategy ?? "fast"}; ${jobs.length} job${jobs.length === 1 ? "" : "s"}, ${sum((x) => x.matched)} matched; ` +
        `${sum((x) => x.compiledEvaluations)} compiled, ${sum((x) => x.plainEvaluations)} plain evaluations; ${sum((x) => x.groups)} groups`,
    );

    const stats = values.stats === true;
    io.write(json ? jsonOutput(time, jobs, results, slots, stats ? clock : null) : escapeControls(tableOutput(jobs, results, slots)));
    await io.drain();
    clock.mark("write");
    if (stats && !json) io.error(phaseReport(clock, [`classad match: ${slots.length} slots${jobs.length > 1 ? `, ${jobs.length} jobs` : ""}`]));
    if (strict && skipped.count > 0) return strictFailure(io, "match", skipped);
    return results.every((r) => r.indices.length > 0) ? 0 : 1;
  },
});

interface MatchRunOptions {
  readonly now: number;
  readonly timeZone: string;
  readonly oneWay: boolean;
  readonly strategy: "fast" | "plain";
}

/**
 * `--repeat N`: per job, the first match on a new pool (cold: slot classes and everything the
 * pool learns included) and the best and median of N more on the same pool (warm).
 */
function benchmark(jobs: readonly Job[], loaded: LoadedSlots, options: MatchRunOptions, repeat: number, json: boolean, io: CliIO): number {
  const n = loaded.slots.length;
  const rows = jobs.map((job) => {
    let started = performance.now();
    const pool = new Pool(loaded.source);
    if (options.strategy === "fast") pool.prepare();
    const cold = matchPool(job.ad, pool, options);
    const coldMs = performance.now() - started;
    const warm: number[] = [];
    for (let i = 0; i < repeat; i++) {
      started = performance.now();
      matchPool(job.ad, pool, options);
      warm.push(performance.now() - started);
    }
    warm.sort((a, b) => a - b);
    const best = warm[0] as number;
    const median = warm.length % 2 === 1 ? (warm[warm.length >> 1] as number) : ((warm[warm.length / 2 - 1] as number) + (warm[warm.length / 2] as number)) / 2;
    return { job: job.label, matched: cold.indices.length, coldMs, warmBestMs: best, warmMedianMs: median, runs: repeat, coldUsPerSlot: (coldMs * 1000) / n, warmUsPerSlot: (best * 1000) / n };
  });
  const peak = peakRssMiB();
  if (json) {
    io.write(`${JSON.stringify({ slots: n, strategy: options.strategy, peakRssMiB: Math.round(peak), jobs: rows }, null, 2)}\n`);
  } else {
    const lines = [`${n} slots, ${options.strategy} strategy, ${repeat} warm run${repeat === 1 ? "" : "s"} per job`];
    lines.push("JOB          MATCHED    COLD ms  COLD us/slot  WARM BEST ms  WARM MEDIAN ms  WARM us/slot");
    for (const r of rows) {
      lines.push(
        `${r.job.padEnd(12)} ${String(r.matched).padStart(7)} ${r.coldMs.toFixed(2).padStart(10)} ${r.coldUsPerSlot.toFixed(3).padStart(13)} ` +
          `${r.warmBestMs.toFixed(3).padStart(13)} ${r.warmMedianMs.toFixed(3).padStart(15)} ${r.warmUsPerSlot.toFixed(4).padStart(13)}`,
      );
    }
    lines.push(`peak RSS ${peak.toFixed(0)} MiB`);
    io.write(lines.join("\n") + "\n");
  }
  return rows.every((r) => r.matched > 0) ? 0 : 1;
}

/** The slot's position in POOL, counting ads skipped as malformed (the reader's origin). */
function inputIndex(slots: readonly ClassAd[], index: number): number {
  return slots[index]?.origin?.index ?? index;
}

function matchesOf(result: MatchResult, slots: readonly ClassAd[]): object[] {
  return result.matches.map((m) => ({ index: inputIndex(slots, m.index), name: m.name, jobRank: m.jobRank, slotRank: m.slotRank }));
}

/** JSON text with non-ASCII characters escaped, so the output is ASCII whatever the names hold. */
function jsonOutput(time: EvaluationTime, jobs: readonly Job[], results: readonly MatchResult[], slots: readonly ClassAd[], clock: PhaseClock | null): string {
  const head = { now: time.seconds, nowSource: time.source };
  const document: Record<string, unknown> =
    results.length === 1
      ? { ...head, matches: matchesOf(results[0] as MatchResult, slots) }
      : { ...head, jobs: results.map((result, i) => ({ job: jobs[i]?.label, matches: matchesOf(result, slots) })) };
  if (clock !== null) {
    clock.mark("write", "making the document (writing it is not counted here)");
    document.stats = phaseJson(clock);
  }
  const text = JSON.stringify(document, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${text}\n`;
}

function tableOutput(jobs: readonly Job[], results: readonly MatchResult[], slots: readonly ClassAd[]): string {
  if (results.length === 1) return toByteString(table(results[0] as MatchResult, slots));
  const parts = results.map((result, i) => `=== Job ${jobs[i]?.label ?? ""} (${i + 1} of ${results.length}) ===\n${table(result, slots)}`);
  return toByteString(parts.join("\n"));
}

function table(result: MatchResult, slots: readonly ClassAd[]): string {
  const matches = result.matches;
  const rows = matches.map((m) => [String(inputIndex(slots, m.index)), formatRank(m.jobRank), formatRank(m.slotRank), m.name ?? "(no Name)"]);
  const header = ["INDEX", "JOB RANK", "SLOT RANK", "NAME"];
  const widths = header.map((h, col) => rows.reduce((width, row) => Math.max(width, (row[col] as string).length), h.length));
  const line = (cells: string[]): string =>
    cells.map((cell, col) => (col === cells.length - 1 ? cell : cell.padStart(widths[col] as number))).join("  ");
  const out = [line(header), ...rows.map(line)];
  out.push(`${matches.length} of ${slots.length} slots match`);
  return out.join("\n") + "\n";
}

function formatRank(rank: number): string {
  return Number.isInteger(rank) ? String(rank) : rank.toPrecision(6);
}
