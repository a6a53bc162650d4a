/**
 * Where every subcommand gets its ads: a file (any format, gzip included), stdin (`-`), or
 * `condor_status -long` when it is on PATH. One rule for all of them: a file that cannot be read
 * is named as such (`cannot read job.ad: no such file`), malformed entries are skipped and
 * reported, and long loads show progress on a terminal.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import type { ClassAd } from "../../classad/classad.js";
import { reportFaults, type SkippedAds } from "../faults.js";
import { streamAds } from "../../formats/stream.js";
import { projectFile, type ProjectedFile } from "../../formats/projection-file.js";
import type { ProjectionPlan } from "../../formats/projection.js";
import { InputError } from "../errors.js";
import type { CliIO } from "../io.js";
import { createProgress } from "../progress.js";


/** How to read: `json` turns progress off (nothing but the document may reach the terminal). */
export interface LoadOptions {
  readonly json?: boolean;
  /** The subcommand, named in fault reports (`classad match: pool.ads: ...`). */
  readonly command?: string;
  /** Counts the ads skipped as malformed. */
  readonly skipped?: SkippedAds | undefined;
}

/** A readable source of ads and what to call it in messages. */
export interface AdSource {
  readonly stream: NodeJS.ReadableStream;
  readonly label: string;
  /** Bytes to read, when known (a regular file). */
  readonly size: number;
}

/** Waiting this long before drawing progress keeps quick loads free of flicker. */
const PROGRESS_DELAY_MS = 300;
const CONDOR_STATUS_TIMEOUT_MS = 120_000;

/** The name of a path in messages: `stdin` for `-`. */
export function sourceLabel(path: string): string {
  return path === "-" ? "stdin" : path;
}

/** Open a file (or `-` for stdin) for reading; a file that cannot be read throws its reason. */
export async function openAdSource(path: string, io: CliIO): Promise<AdSource> {
  if (path === "-") return { stream: io.stdin, label: "stdin", size: 0 };
  if (path === "") throw new InputError("an empty file name");
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = info.isFile() ? info.size : 0;
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${fileProblem(error)}`);
  }
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  // Opening can still fail (permissions): wait for the file to open, so the failure is named here.
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  }).catch((error: unknown) => {
    throw new InputError(`cannot read ${path}: ${fileProblem(error)}`);
  });
  return { stream, label: path, size };
}

/** A file system error in words. */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The stream with every chunk counted as it passes. */
function counted(stream: NodeJS.ReadableStream, onBytes: (bytes: number) => void): NodeJS.ReadableStream {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  (stream as Readable).once("error", (error: Error) => counter.destroy(error));
  return stream.pipe(counter);
}

/**
 * All ads of a source; malformed entries are skipped and reported on stderr (HTCondor's readers
 * drop them too). A source that fails while being read (a truncated gzip file) is bad input.
 */
async function readSource(source: AdSource, io: CliIO, options: LoadOptions): Promise<ClassAd[]> {
  const progress = createProgress(io, `reading ${source.label}`, options.json === true, {
    delayMs: PROGRESS_DELAY_MS,
    unit: "bytes",
  });
  let bytes = 0;
  const stream = streamAds(counted(source.stream, (n) => (bytes += n)));
  const ads: ClassAd[] = [];
  try {
    for await (const ad of stream) {
      ads.push(ad);
      progress.update(bytes, source.size);
    }
  } finally {
    progress.finish();
  }
  const unreadable = stream.faults.find((f) => f.code === "read-error");
  if (unreadable !== undefined) throw new InputError(`cannot read ${source.label}: ${unreadable.message.replace(/^cannot read the input: /, "")}`);
  reportFaults(io, options.command ?? "", source.label, stream.summary, stream.faults);
  if (options.skipped !== undefined) options.skipped.count += stream.summary.adsDropped;
  return ads;
}

/** How to read a pool dump for a known use. */
export interface ProjectedLoadOptions {
  /** Scanning threads (default: the reader's, one per core). */
  readonly threads?: number | undefined;
  /** The subcommand, named in fault reports (`classad match: pool.ads: ...`). */
  readonly command?: string;
  /** Counts the ads skipped as malformed. */
  readonly skipped?: SkippedAds | undefined;
}

/**
 * The slots of a pool dump read for a plan (the projecting reader: only what the plan's use
 * reads is parsed; see src/formats/projection.ts), or null when the source does not qualify:
 * stdin, gzip and formats other than `-long` are read whole by {@link loadPool}.
 */
export async function loadProjectedPool(path: string, io: CliIO, plan: ProjectionPlan, options: ProjectedLoadOptions = {}): Promise<ProjectedFile | null> {
  if (path === "-") return null;
  if (path === "") throw new InputError("an empty file name");
  let loaded: ProjectedFile | null;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (!info.isFile()) return null;
    loaded = await projectFile(path, plan, options.threads === undefined ? {} : { workers: options.threads });
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${fileProblem(error)}`);
  }
  if (loaded === null) return null;
  reportFaults(io, options.command ?? "", path, loaded.table.summary, loaded.table.faults);
  if (options.skipped !== undefined) options.skipped.count += loaded.table.summary.adsDropped;
  if (loaded.table.ads.length === 0) throw new InputError(`${path}: no slot ads found`);
  return loaded;
}

/** Every ad of a file, or of stdin for `-`. */
export async function loadAds(path: string, io: CliIO, options: LoadOptions = {}): Promise<ClassAd[]> {
  return readSource(await openAdSource(path, io), io, options);
}

/** The job ads of a file (a `condor_q -l` dump may hold many); at least one. */
export async function loadJobAds(path: string, io: CliIO, options: LoadOptions = {}): Promise<ClassAd[]> {
  const ads = await loadAds(path, io, options);
  if (ads.length === 0) throw new InputError(`${sourceLabel(path)}: no job ad found`);
  return ads;
}

/** The first ad of a file (classad_eval's `-file`: "any ad past the first is ignored"). */
export async function loadFirstAd(path: string, io: CliIO): Promise<ClassAd> {
  const ad = (await loadAds(path, io))[0];
  if (ad === undefined) throw new InputError(`${sourceLabel(path)}: no ad found`);
  return ad;
}

export async function loadPool(path: string, io: CliIO, options: LoadOptions = {}): Promise<ClassAd[]> {
  const ads = await loadAds(path, io, options);
  if (ads.length === 0) throw new InputError(`${sourceLabel(path)}: no slot ads found`);
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
export async function condorStatusPool(executable: string, io: CliIO, options: LoadOptions = {}): Promise<ClassAd[]> {
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
  const ads = await readSource({ stream: child.stdout, label: "condor_status -long", size: 0 }, io, options);
  const code = await exited.catch((err: unknown) => {
    throw new InputError(`condor_status: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (code !== 0) throw new InputError(`condor_status -long failed (exit ${String(code)}): ${stderr.trim()}`);
  if (ads.length === 0) throw new InputError("condor_status -long printed no slot ads");
  return ads;
}
