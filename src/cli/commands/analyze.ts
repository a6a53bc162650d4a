/**
 * `classad analyze JOB [POOL]`: would this job match these slots, and if not, why not.
 * Exit 0 when the job matches at least one slot, 1 when it matches none, 2 on bad input.
 */
import { parseArgs } from "node:util";
import { toByteString } from "../../model/bytes.js";
import type { ClassAd } from "../../classad/classad.js";
import { analyze } from "../../analyze/analyze.js";
import { renderAnalysis } from "../../analyze/render.js";
import { parseAssignment, type JobChange } from "../../analyze/what-if.js";
import type { CliIO } from "../io.js";
import { createProgress } from "../progress.js";
import { loadJobAd, loadPool, findOnPath, condorStatusPool, InputError } from "./ad-input.js";

export const summary = "explain whether a job matches a pool or a machine, clause by clause";

const HELP = `usage: classad analyze JOB [POOL] [options]

Analyze how the job ad in JOB matches the slot ads in POOL: the job's Requirements clause by
clause (how many slots each clause matches alone, how many remain when applied in order), the
slots' own Requirements (START, WithinResourceLimits, ...) with the job as TARGET, slot attributes
the job reads that slots do not define, container readiness for container jobs, near misses, and
a verdict with the smallest change found that makes the job match.

  JOB                  a job ad file (-long, -long:new, JSON or XML; gzip accepted), or - for stdin
  POOL                 slot ads (any format, gzip accepted), or - for stdin. When omitted and
                       condor_status is on PATH, the output of \`condor_status -long\` is used.

options:
  --set NAME=EXPR      change a job attribute before the analysis (what-if); repeatable
  --now EPOCH          evaluate time() and CurrentTime at this time (seconds since the epoch)
  --time-zone ZONE     IANA time zone for local-time functions (default UTC)
  --all-clauses        also list the slots' clauses that reject no slot
  --json               print the analysis as JSON (no progress output)
  -h, --help           show this help

exit status: 0 the job matches at least one slot, 1 it matches none, 2 bad input or usage.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        set: { type: "string", multiple: true },
        now: { type: "string" },
        "time-zone": { type: "string" },
        "all-clauses": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    io.error(`classad analyze: ${err instanceof Error ? err.message : String(err)}\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.write(HELP);
    return 0;
  }
  const json = values.json === true;
  const fail = (message: string): number => {
    io.error(`classad analyze: ${message}\n`);
    return 2;
  };
  if (positionals.length < 1 || positionals.length > 2) return fail("expected JOB [POOL] (see --help)");
  const [jobPath, poolPath] = positionals as [string, string | undefined];
  if (jobPath === "-" && poolPath === "-") return fail("JOB and POOL cannot both be read from stdin");

  let now: number | undefined;
  if (values.now !== undefined) {
    if (!/^-?\d+$/.test(values.now)) return fail(`--now expects seconds since the epoch, got '${values.now}'`);
    now = Number(values.now);
  }
  let changes: JobChange[];
  try {
    changes = (values.set ?? []).map(parseAssignment);
  } catch (err) {
    return fail(`--set: ${err instanceof Error ? err.message : String(err)}`);
  }

  let job: ClassAd;
  let slots: ClassAd[];
  let poolLabel: string;
  try {
    job = await loadJobAd(jobPath, io);
    if (poolPath !== undefined) {
      slots = await loadPool(poolPath, io);
      poolLabel = poolPath === "-" ? "stdin" : poolPath;
    } else {
      const condorStatus = findOnPath("condor_status", io.env);
      if (condorStatus === null) return fail("no POOL given and condor_status is not on PATH");
      slots = await condorStatusPool(condorStatus, io);
      poolLabel = "condor_status -long";
    }
  } catch (err) {
    if (err instanceof InputError) return fail(err.message);
    return fail(err instanceof Error ? err.message : String(err));
  }

  const progress = createProgress(io, "analyzing", json);
  let report;
  try {
    report = analyze(job, slots, {
      ...(now !== undefined ? { now } : {}),
      timeZone: values["time-zone"] ?? "UTC",
      set: changes,
      onProgress: slots.length >= 2000 ? (done, total) => progress.update(done, total) : undefined,
    });
  } catch (err) {
    progress.finish();
    return fail(`--set: ${err instanceof Error ? err.message : String(err)}`);
  }
  progress.finish();

  if (json) {
    io.write(toByteString(JSON.stringify({ job: jobPath, pool: poolLabel, ...report }, null, 2)) + "\n");
  } else {
    io.write(
      toByteString(
        renderAnalysis(report, {
          jobLabel: jobPath === "-" ? "(stdin)" : jobPath,
          poolLabel,
          allSlotClauses: values["all-clauses"] === true,
        }),
      ),
    );
  }
  return report.verdict.matches > 0 ? 0 : 1;
}
