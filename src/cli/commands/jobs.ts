/**
 * Job files with several jobs (`condor_q -long` of a cluster or of a whole queue): which jobs to
 * use, and what to call each one. As `condor_q -analyze` does, every job is analysed in order
 * unless `--job` picks some, by `CLUSTER` or `CLUSTER.PROC` as condor_q names them.
 */
import type { ClassAd } from "../../classad/classad.js";
import { intAsNumber } from "../../model/value.js";
import { UsageError } from "../errors.js";
import { InputError } from "../errors.js";

export interface Job {
  readonly ad: ClassAd;
  /** `123.4` (ClusterId.ProcId), or `job N` (1-based position) for an ad without ids. */
  readonly label: string;
}

/** The jobs of a file, all of them or those `--job` names; throws when `--job` names none. */
export function selectJobs(ads: readonly ClassAd[], selector: string | undefined, fileLabel: string): Job[] {
  const jobs = ads.map((ad, i) => ({ ad, label: jobLabel(ad, i) }));
  if (selector === undefined) return jobs;
  const wanted = /^(\d+)(?:\.(\d+))?$/.exec(selector);
  if (wanted === null) throw new UsageError(`--job expects CLUSTER or CLUSTER.PROC (e.g. 123 or 123.0), got '${selector}'`);
  const cluster = Number(wanted[1]);
  const proc = wanted[2] === undefined ? undefined : Number(wanted[2]);
  const picked = jobs.filter(({ ad }) => literalInt(ad, "ClusterId") === cluster && (proc === undefined || literalInt(ad, "ProcId") === proc));
  if (picked.length === 0) {
    const held = jobs.slice(0, 10).map((j) => j.label).join(", ") + (jobs.length > 10 ? ", ..." : "");
    throw new InputError(`${fileLabel} holds no job ${selector} (it holds ${held})`);
  }
  return picked;
}

function jobLabel(ad: ClassAd, index: number): string {
  const cluster = literalInt(ad, "ClusterId");
  const proc = literalInt(ad, "ProcId");
  return cluster === undefined ? `job ${index + 1}` : `${cluster}.${proc ?? 0}`;
}

function literalInt(ad: ClassAd, name: string): number | undefined {
  const expr = ad.lookup(name);
  return expr?.kind === "literal" && expr.value.kind === "int" ? intAsNumber(expr.value) : undefined;
}
