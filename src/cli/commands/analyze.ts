/**
 * `classad analyze JOB [POOL]`: would this job match these slots, and if not, why not.
 * Exit 0 when every job analysed matches at least one slot, 1 when one matches none, 2 on bad input.
 */
import { toByteString } from "../../model/bytes.js";
import type { ClassAd } from "../../classad/classad.js";
import { analyze, CONTAINER_PROBES } from "../../analyze/analyze.js";
import { Pool } from "../../match/pool.js";
import { matchReads } from "../../match/reads.js";
import { renderAnalysis } from "../../analyze/render.js";
import type { AnalysisReport } from "../../analyze/types.js";
import { applyChanges, parseAssignment, type JobChange } from "../../analyze/what-if.js";
import { UsageError } from "../errors.js";
import { countOption } from "../args.js";
import { defineCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { createProgress } from "../progress.js";
import { InputError } from "../errors.js";
import { loadJobAds, findOnPath, condorStatusPool, sourceLabel } from "./ad-input.js";
import { dumpTimeNotice, evaluationTime, type EvaluationTime } from "./clock.js";
import { selectJobs, type Job } from "./jobs.js";
import { loadSlotsFor } from "./pool-input.js";
import { escapeControls } from "../terminal.js";
import { PhaseClock, phaseJson, phaseReport } from "../phases.js";
import { strictFailure, type SkippedAds } from "../faults.js";

const HELP = `usage: classad analyze JOB [POOL] [options]

Analyze how the job ad in JOB matches the slot ads in POOL: the job's Requirements clause by
clause (how many slots each clause matches alone, how many remain when applied in order), the
slots' own Requirements (START, WithinResourceLimits, ...) with the job as TARGET, slot attributes
the job reads that slots do not define, container readiness for container jobs, near misses, and
a verdict with the smallest change found that makes the job match.

  JOB                  job ads (-long, -long:new, JSON or XML; gzip accepted), or - for stdin.
                       A file with several jobs (condor_q -long) gives one report per job.
  POOL                 slot ads (any format, gzip accepted), or - for stdin. When omitted and
                       condor_status is on PATH, the output of \`condor_status -long\` is used.

options:
  --job ID             only the job CLUSTER.PROC (or every job of CLUSTER) of JOB
  --set NAME=EXPR      change a job attribute before the analysis (what-if); repeatable
  --now EPOCH|now      evaluate time() and CurrentTime at this time (seconds since the epoch).
                       Default: the dump's own time when the slots carry it (MyCurrentTime,
                       LastHeardFrom), else the current time; 'now' asks for the current time
  --time-zone ZONE     IANA time zone for local-time functions (default UTC; 'local': the host's)
  --all-clauses        also list the slots' clauses that reject no slot
  --json               print the analysis as JSON (no progress output)
  --stats              print where the time went to stderr (start-up, read, scan, parse, prepare,
                       analyze, write: they add up to the wall time), the values parsed and the
                       peak memory; with --json, as a "stats" member of the document
  --threads N          threads scanning a big POOL file (default: one per core, up to 4, one per 128 MiB)
  --strict             read every attribute of every ad (a syntax error in any attribute skips the
                       ad, as HTCondor does), and exit 3 when an ad of JOB or POOL was skipped
  -h, --help           show this help
  --version            print the version

exit status: 0 every job matches at least one slot, 1 a job matches none, 2 bad input or usage,
3 with --strict: an ad was skipped as malformed (the others are analysed).
`;

/** Pools at least this big show progress while being analysed. */
const PROGRESS_FROM_SLOTS = 2000;

export const run = defineCommand({
  name: "analyze",
  help: HELP,
  time: true,
  positionals: { min: 1, max: 2, what: "JOB [POOL]" },
  options: {
    job: { type: "string" },
    set: { type: "string", multiple: true },
    "all-clauses": { type: "boolean" },
    json: { type: "boolean" },
    stats: { type: "boolean" },
    threads: { type: "string" },
    strict: { type: "boolean" },
  },
  async run({ values, positionals, now, timeZone }, io) {
    const clock = new PhaseClock();
    const strict = values.strict === true;
    const skipped: SkippedAds = { count: 0 };
    const json = values.json === true;
    const threads = values.threads === undefined ? undefined : countOption("--threads", values.threads, 1);
    const [jobPath, poolPath] = positionals as [string, string | undefined];
    if (jobPath === "-" && poolPath === "-") throw new UsageError("JOB and POOL cannot both be read from stdin");
    let changes: JobChange[];
    try {
      changes = (values.set ?? []).map(parseAssignment);
    } catch (err) {
      throw new UsageError(`--set: ${err instanceof Error ? err.message : String(err)}`);
    }

    const jobs = selectJobs(await loadJobAds(jobPath, io, { json, command: "analyze", skipped }), values.job, sourceLabel(jobPath));
    const { slots, poolLabel, saved, classes, pool } = await loadSlots(poolPath, io, { json, threads, clock, strict, skipped }, jobs, changes);
    clock.mark("prepare", classes === undefined ? "" : `${new Set(classes).size} slot classes from the loaded columns`);
    const time = evaluationTime(now, saved ? slots : null);
    const notice = dumpTimeNotice("analyze", time);
    if (notice !== null && !json) io.error(notice);

    const classed = { classes, pool };
    const reports = jobs.map((job, i) => analyzeJob(job, slots, classed, time, timeZone, changes, io, json, jobs.length > 1 ? `${i + 1}/${jobs.length}` : ""));
    clock.mark("analyze", `${jobs.length} job${jobs.length === 1 ? "" : "s"}, ${slots.length} slots, what-if search included`);
    const stats = values.stats === true;
    if (json) {
      const document: Record<string, unknown> = jsonDocument(jobPath, poolLabel, time, jobs, reports);
      if (stats) {
        clock.mark("write", "making the document (writing it is not counted here)");
        document.stats = phaseJson(clock);
      }
      io.write(toByteString(JSON.stringify(document, null, 2)) + "\n");
    } else {
      io.write(escapeControls(toByteString(textReport(jobPath, poolLabel, jobs, reports, values["all-clauses"] === true))));
    }
    await io.drain();
    clock.mark("write");
    if (stats && !json) io.error(phaseReport(clock, [`classad analyze: ${slots.length} slots${jobs.length > 1 ? `, ${jobs.length} jobs` : ""}`]));
    if (strict && skipped.count > 0) return strictFailure(io, "analyze", skipped);
    return reports.every((r) => r.verdict.matches > 0) ? 0 : 1;
  },
});

/** Slot attributes read for the report only (examples' names, the dump's time), not evaluated. */
const REPORT_ONLY = ["name", "mycurrenttime", "lastheardfrom"];

interface LoadedPool {
  readonly slots: readonly ClassAd[];
  readonly poolLabel: string;
  readonly saved: boolean;
  /** Slot classes of a pool read for the jobs (one evaluation per class and clause). */
  readonly classes?: Int32Array | undefined;
  readonly pool?: Pool | undefined;
}

interface SlotReadOptions {
  readonly json: boolean;
  readonly threads: number | undefined;
  readonly clock: PhaseClock;
  readonly strict: boolean;
  readonly skipped: SkippedAds;
}

async function loadSlots(poolPath: string | undefined, io: CliIO, options: SlotReadOptions, jobs: readonly Job[], changes: readonly JobChange[]): Promise<LoadedPool> {
  const { json, threads, clock, strict, skipped } = options;
  if (poolPath !== undefined) {
    // The dump is read for what the analysis evaluates: the (changed) jobs' and the slots'
    // Requirements, the container probes, the Name and the dump's time.
    let subjects: ClassAd[];
    try {
      subjects = jobs.map((job) => applyChanges(job.ad, changes).job);
    } catch (err) {
      throw new UsageError(`--set: ${err instanceof Error ? err.message : String(err)}`);
    }
    const reads = matchReads(subjects, [...REPORT_ONLY, ...CONTAINER_PROBES]);
    const loaded = await loadSlotsFor(poolPath, io, reads, { json, threads, clock, command: "analyze", strict, skipped });
    if (loaded.projected === null) return { slots: loaded.slots, poolLabel: sourceLabel(poolPath), saved: true };
    const table = loaded.projected.table;
    return { slots: loaded.slots, poolLabel: sourceLabel(poolPath), saved: true, classes: table.slotClasses(REPORT_ONLY.filter((name) => !reads.jobNames.has(name))), pool: new Pool(table) };
  }
  const condorStatus = findOnPath("condor_status", io.env);
  if (condorStatus === null) throw new InputError("no POOL given and condor_status is not on PATH");
  const slots = await condorStatusPool(condorStatus, io, { json, skipped });
  clock.mark("read", `${slots.length} slots from condor_status -long`);
  return { slots, poolLabel: "condor_status -long", saved: false };
}

function analyzeJob(
  job: Job,
  slots: readonly ClassAd[],
  classed: { readonly classes?: Int32Array | undefined; readonly pool?: Pool | undefined },
  time: EvaluationTime,
  timeZone: string,
  changes: JobChange[],
  io: CliIO,
  json: boolean,
  counter: string,
): AnalysisReport {
  const progress = createProgress(io, counter === "" ? "analyzing" : `analyzing job ${job.label} (${counter})`, json);
  try {
    return analyze(job.ad, slots, {
      now: time.seconds,
      timeZone,
      set: changes,
      ...(classed.classes === undefined ? {} : { slotClasses: classed.classes }),
      ...(classed.pool === undefined ? {} : { pool: classed.pool }),
      onProgress: slots.length >= PROGRESS_FROM_SLOTS ? (done, total) => progress.update(done, total) : undefined,
    });
  } catch (err) {
    // The only failure analyze() reports is a what-if expression that cannot be applied.
    throw new UsageError(`--set: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    progress.finish();
  }
}

/** One job: its report as before; several: `{ job file, pool, now, jobs: [{ job, ...report }] }`. */
function jsonDocument(jobPath: string, pool: string, time: EvaluationTime, jobs: readonly Job[], reports: readonly AnalysisReport[]): Record<string, unknown> {
  const head = { job: jobPath, pool, nowSource: time.source };
  if (reports.length === 1) return { ...head, ...reports[0] };
  return { ...head, now: time.seconds, jobs: reports.map((report, i) => ({ job: jobs[i]?.label, ...report })) };
}

function textReport(jobPath: string, pool: string, jobs: readonly Job[], reports: readonly AnalysisReport[], allSlotClauses: boolean): string {
  const file = jobPath === "-" ? "(stdin)" : jobPath;
  if (reports.length === 1) return renderAnalysis(reports[0] as AnalysisReport, { jobLabel: file, poolLabel: pool, allSlotClauses });
  const parts = reports.map((report, i) => {
    const label = jobs[i]?.label ?? "";
    return `=== Job ${label} (${i + 1} of ${reports.length}) ===\n\n` + renderAnalysis(report, { jobLabel: `${label} of ${file}`, poolLabel: pool, allSlotClauses });
  });
  const matching = reports.filter((r) => r.verdict.matches > 0).length;
  return parts.join("\n") + `\n${matching} of ${reports.length} jobs match at least one slot.\n`;
}
