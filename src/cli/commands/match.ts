/**
 * `classad match JOB POOL`: the slots of POOL that the job in JOB matches, in the order the
 * negotiator prefers them. Exit 0 when at least one slot matches, 1 when none does, 2 on bad input.
 */
import { parseArgs } from "node:util";
import { toByteString } from "../../model/bytes.js";
import { Pool, matchPool, type MatchResult } from "../../match/index.js";
import type { CliIO } from "../io.js";
import { InputError, loadJobAd, loadPool } from "./ad-input.js";

export const summary = "list the slots a job matches, in negotiator order";

const HELP = `usage: classad match JOB POOL [options]

Match the job ad in JOB against every slot ad in POOL as HTCondor's negotiator does: the job's
Requirements with MY = job and TARGET = slot, and each slot's Requirements with MY = slot and
TARGET = job (unscoped names missing from one ad are looked up in the other). Matching slots are
listed by the job's Rank (highest first), then the slot's Rank, then their position in POOL.

  JOB              a job ad file (-long, -long:new, JSON or XML; gzip accepted), or - for stdin
  POOL             slot ads in any of those formats, or - for stdin

options:
  --now EPOCH      evaluate time() and CurrentTime at this time (seconds since the epoch;
                   default: the current time)
  --time-zone ZONE IANA time zone of the local-time functions (default UTC)
  --one-way        only the job's Requirements must hold
  --plain          evaluate every slot with the evaluator (no compiled fast path)
  --json           print {"matches": [{"index", "name", "jobRank", "slotRank"}, ...]}
                   (index: 0-based position of the slot ad in POOL)
  --stats          print the time spent loading and matching to stderr
  -h, --help       show this help

exit status: 0 at least one slot matches, 1 none does, 2 bad input or usage.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        now: { type: "string" },
        "time-zone": { type: "string" },
        "one-way": { type: "boolean" },
        plain: { type: "boolean" },
        json: { type: "boolean" },
        stats: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    io.error(`classad match: ${err instanceof Error ? err.message : String(err)}\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.write(HELP);
    return 0;
  }
  if (positionals.length !== 2) {
    io.error(`classad match: expected JOB and POOL, got ${positionals.length} argument(s)\n${HELP}`);
    return 2;
  }
  const [jobPath, poolPath] = positionals as [string, string];
  if (jobPath === "-" && poolPath === "-") {
    io.error("classad match: JOB and POOL cannot both be stdin\n");
    return 2;
  }
  let now: number | undefined;
  if (values.now !== undefined) {
    now = Number(values.now);
    if (!/^\s*-?\d+(\.\d+)?\s*$/.test(values.now) || !Number.isFinite(now)) {
      io.error(`classad match: --now needs seconds since the epoch, got '${values.now}'\n`);
      return 2;
    }
  }
  const timeZone = values["time-zone"] ?? "UTC";
  if (!isTimeZone(timeZone)) {
    io.error(`classad match: unknown time zone '${timeZone}'\n`);
    return 2;
  }

  const loadStart = performance.now();
  let job;
  let slots;
  try {
    [job, slots] = await Promise.all([loadJobAd(jobPath, io), loadPool(poolPath, io)]);
  } catch (err) {
    if (err instanceof InputError) {
      io.error(`classad match: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const loadMs = performance.now() - loadStart;

  const matchStart = performance.now();
  const result = matchPool(job, new Pool(slots), {
    ...(now !== undefined ? { now } : {}),
    timeZone,
    oneWay: values["one-way"] === true,
    strategy: values.plain === true ? "plain" : "fast",
  });
  const matchMs = performance.now() - matchStart;

  if (values.json === true) io.write(jsonOutput(result));
  else io.write(tableOutput(result, slots.length));
  if (values.stats === true) {
    const s = result.stats;
    io.error(
      `load: ${loadMs.toFixed(1)} ms (${slots.length} slots)\n` +
        `match: ${matchMs.toFixed(1)} ms (${s.strategy}; ${s.matched} matched; ` +
        `${s.compiledEvaluations} compiled, ${s.plainEvaluations} plain evaluations; ${s.groups} groups)\n`,
    );
  }
  return result.indices.length > 0 ? 0 : 1;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** JSON text with non-ASCII characters escaped, so the output is ASCII whatever the names hold. */
function jsonOutput(result: MatchResult): string {
  const matches = result.matches.map((m) => ({ index: m.index, name: m.name, jobRank: m.jobRank, slotRank: m.slotRank }));
  const text = JSON.stringify({ matches }, null, 2).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${text}\n`;
}

function tableOutput(result: MatchResult, poolSize: number): string {
  const matches = result.matches;
  const rows = matches.map((m) => [String(m.index), formatRank(m.jobRank), formatRank(m.slotRank), m.name ?? "(no Name)"]);
  const header = ["INDEX", "JOB RANK", "SLOT RANK", "NAME"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => (row[col] as string).length)));
  const line = (cells: string[]): string =>
    cells.map((cell, col) => (col === cells.length - 1 ? cell : cell.padStart(widths[col] as number))).join("  ");
  const out = [line(header), ...rows.map(line)];
  out.push(`${matches.length} of ${poolSize} slots match`);
  return toByteString(out.join("\n") + "\n");
}

function formatRank(rank: number): string {
  return Number.isInteger(rank) ? String(rank) : rank.toPrecision(6);
}
