/**
 * Where `classad analyze` and `classad demo` get their ads: files (any format, gzip included),
 * stdin (`-`), or `condor_status -long` when it is on PATH.
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { ClassAd } from "../../classad/classad.js";
import { formatFault } from "../../formats/faults.js";
import { readAds } from "../../formats/stream.js";
import type { CliIO } from "../io.js";

/** Bad input the user can fix: a missing file, no ad in it, a failing condor_status. */
export class InputError extends Error {
  readonly code = "BAD_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

const CONDOR_STATUS_TIMEOUT_MS = 120_000;

/** All ads of a source; malformed entries are skipped and reported on stderr (HTCondor's readers drop them too). */
async function loadAll(source: string | NodeJS.ReadableStream, label: string, io: CliIO): Promise<ClassAd[]> {
  try {
    const result = await readAds(source);
    const errors = result.faults.filter((f) => f.severity === "error");
    const first = errors[0];
    if (first !== undefined) {
      io.error(`classad: ${label}: ${errors.length} malformed entr${errors.length === 1 ? "y" : "ies"} skipped; first: ${formatFault(first)}\n`);
    }
    return result.ads;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (typeof source === "string" && /ENOENT/.test(message)) throw new InputError(`${label}: no such file`);
    throw new InputError(`${label}: ${message}`);
  }
}

/** The single job ad of a file (or stdin). More than one ad: the first is used, as condor_q -l files often hold one. */
export async function loadJobAd(path: string, io: CliIO): Promise<ClassAd> {
  const ads = await loadAll(path === "-" ? io.stdin : path, path === "-" ? "stdin" : path, io);
  const job = ads[0];
  if (job === undefined) throw new InputError(`${path === "-" ? "stdin" : path}: no job ad found`);
  return job;
}

export async function loadPool(path: string, io: CliIO): Promise<ClassAd[]> {
  const label = path === "-" ? "stdin" : path;
  const ads = await loadAll(path === "-" ? io.stdin : path, label, io);
  if (ads.length === 0) throw new InputError(`${label}: no slot ads found`);
  return ads;
}

/** The full path of an executable found on PATH, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The slots `condor_status -long` prints (bounded in time: a stuck collector cannot hang us). */
export async function condorStatusPool(executable: string, io: CliIO): Promise<ClassAd[]> {
  const child = spawn(executable, ["-long"], {
    env: io.env,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: CONDOR_STATUS_TIMEOUT_MS,
  });
  let stderr = "";
  child.stderr.setEncoding("latin1");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  const ads = await loadAll(child.stdout, "condor_status -long", io);
  const code = await exited.catch((err: unknown) => {
    throw new InputError(`condor_status: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (code !== 0) throw new InputError(`condor_status -long failed (exit ${String(code)}): ${stderr.trim()}`);
  if (ads.length === 0) throw new InputError("condor_status -long printed no slot ads");
  return ads;
}
