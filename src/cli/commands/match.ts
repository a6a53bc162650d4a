/**
 * `classad match JOB POOL`: the slots of POOL that the job in JOB matches, in the order the
 * negotiator prefers them. Exit 0 when every job matches at least one slot, 1 when one matches
 * none, 2 on bad input.
 */
import { toByteString } from "../../model/bytes.js";
import { Pool, matchPool, type MatchResult } from "../../match/index.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../command.js";
import { loadJobAds, loadPool, sourceLabel } from "./ad-input.js";
import { escapeControls } from "../terminal.js";
import { inputPositions } from "../faults.js";
import { dumpTimeNotice, evaluationTime, type EvaluationTime } from "./clock.js";
import { selectJobs, type Job } from "./jobs.js";

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
                   "slotRank"}, ...]} (index: 0-based position of the slot ad in POOL);
                   several jobs: {"now", "nowSource", "jobs": [{"job", "matches"}, ...]}
  --stats          print the time spent loading and matching to stderr
  -h, --help       show this help
  --version        print the version

exit status: 0 every job matches at least one slot, 1 a job matches none, 2 bad input or usage.
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
  },
  async run({ values, positionals, now, timeZone }, io) {
    const json = values.json === true;
    const [jobPath, poolPath] = positionals as [string, string];
    if (jobPath === "-" && poolPath === "-") throw new UsageError("JOB and POOL cannot both be read from stdin");

    const loadStart = performance.now();
    const [jobAds, slots] = await Promise.all([loadJobAds(jobPath, io, { json, command: "match" }), loadPool(poolPath, io, { json, command: "match" })]);
    const jobs = selectJobs(jobAds, values.job, sourceLabel(jobPath));
    const loadMs = performance.now() - loadStart;
    const time = evaluationTime(now, slots);
    const notice = dumpTimeNotice("match", time);
    if (notice !== null && !json) io.error(notice);

    const matchStart = performance.now();
    const pool = new Pool(slots);
    const results = jobs.map((job) =>
      matchPool(job.ad, pool, {
        now: time.seconds,
        timeZone,
        oneWay: values["one-way"] === true,
        strategy: values.plain === true ? "plain" : "fast",
      }),
    );
    const matchMs = performance.now() - matchStart;

    const position = inputPositions(slots);
    io.write(json ? jsonOutput(time, jobs, results, position) : escapeControls(tableOutput(jobs, results, slots.length, position)));
    if (values.stats === true) {
      const s = results.map((r) => r.stats);
      const sum = (pick: (stats: MatchResult["stats"]) => number): number => s.reduce((total, one) => total + pick(one), 0);
      io.error(
        `load: ${loadMs.toFixed(1)} ms (${slots.length} slots${jobs.length > 1 ? `, ${jobs.length} jobs` : ""})\n` +
          `match: ${matchMs.toFixed(1)} ms (${s[0]?.strategy ?? "fast"}; ${sum((x) => x.matched)} matched; ` +
          `${sum((x) => x.compiledEvaluations)} compiled, ${sum((x) => x.plainEvaluations)} plain evaluations; ${sum((x) => x.groups)} groups)\n`,
      );
    }
    return results.every((r) => r.indices.length > 0) ? 0 : 1;
  },
});

function matchesOf(result: MatchResult, position: (index: number) => number): object[] {
  return result.matches.map((m) => ({ index: position(m.index), name: m.name, jobRank: m.jobRank, slotRank: m.slotRank }));
}

/** JSON text with non-ASCII characters escaped, so the output is ASCII whatever the names hold. */
function jsonOutput(time: EvaluationTime, jobs: readonly Job[], results: readonly MatchResult[], position: (index: number) => number): string {
  const head = { now: time.seconds, nowSource: time.source };
  const document =
    results.length === 1
      ? { ...head, matches: matchesOf(results[0] as MatchResult, position) }
      : { ...head, jobs: results.map((result, i) => ({ job: jobs[i]?.label, matches: matchesOf(result, position) })) };
  const text = JSON.stringify(document, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${text}\n`;
}

function tableOutput(jobs: readonly Job[], results: readonly MatchResult[], poolSize: number, position: (index: number) => number): string {
  if (results.length === 1) return toByteString(table(results[0] as MatchResult, poolSize, position));
  const parts = results.map((result, i) => `=== Job ${jobs[i]?.label ?? ""} (${i + 1} of ${results.length}) ===\n${table(result, poolSize, position)}`);
  return toByteString(parts.join("\n"));
}

function table(result: MatchResult, poolSize: number, position: (index: number) => number): string {
  const matches = result.matches;
  const rows = matches.map((m) => [String(position(m.index)), formatRank(m.jobRank), formatRank(m.slotRank), m.name ?? "(no Name)"]);
  const header = ["INDEX", "JOB RANK", "SLOT RANK", "NAME"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => (row[col] as string).length)));
  const line = (cells: string[]): string =>
    cells.map((cell, col) => (col === cells.length - 1 ? cell : cell.padStart(widths[col] as number))).join("  ");
  const out = [line(header), ...rows.map(line)];
  out.push(`${matches.length} of ${poolSize} slots match`);
  return out.join("\n") + "\n";
}

function formatRank(rank: number): string {
  return Number.isInteger(rank) ? String(rank) : rank.toPrecision(6);
}
