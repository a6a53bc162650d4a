/**
 * The one door through which the probe sees the host (Node only): {@link realHostView} is the
 * machine the process runs on, {@link realRunner} runs its programs, and the helpers below read
 * files of any {@link HostView} under its root (the types are in host-view.ts). Nothing in here
 * throws for a missing file or tool: reads return null and runs return a result whose `error`
 * says why.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import type { FsSpace, HostView, RunResult, Runner } from "./host-view.js";

/** Limits on how much output a run may collect, so a chatty program cannot exhaust memory. */
const MAX_OUTPUT_BYTES = 1 << 20;

/**
 * Runs a program for real: no shell, stdin closed, output capped, killed with SIGKILL at the
 * deadline. The promise resolves at the deadline even if the child cannot be reaped (a process
 * stuck in the kernel on a hung mount), so a probe never waits longer than its limit.
 */
export const realRunner: Runner = (cmd, args, { timeoutMs }) =>
  new Promise<RunResult>((resolve) => {
    let stdout = "";
    let stderr = "";
    let settled = false;
    let timedOut = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, [...args], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    } catch (err) {
      finish({ code: null, stdout: "", stderr: "", timedOut: false, error: errorCode(err) });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
      child.unref();
      finish({ code: null, stdout, stderr, timedOut: true, error: "timeout" });
    }, timeoutMs);
    child.stdout?.setEncoding("latin1");
    child.stderr?.setEncoding("latin1");
    child.stdout?.on("data", (chunk: string) => {
      if (stdout.length < MAX_OUTPUT_BYTES) stdout += chunk;
    });
    child.stderr?.on("data", (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_BYTES) stderr += chunk;
    });
    child.on("error", (err) => finish({ code: null, stdout, stderr, timedOut, error: errorCode(err) }));
    child.on("close", (code) => finish({ code, stdout, stderr, timedOut }));
  });

function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") return err.code;
  return err instanceof Error ? err.message : String(err);
}

function realStatfs(hostPath: string): FsSpace | null {
  try {
    const s = fs.statfsSync(hostPath);
    return { bsize: s.bsize, blocks: s.blocks, bavail: s.bavail };
  } catch {
    return null;
  }
}

/** The machine this process runs on. `overrides` replace single fields (e.g. `cwd`). */
export function realHostView(overrides: Partial<HostView> = {}): HostView {
  const env = new Map<string, string>();
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env.set(name, value);
  return {
    root: "/",
    run: realRunner,
    env,
    hostname: os.hostname(),
    uname: { sysname: os.type(), nodename: os.hostname(), release: os.release(), machine: os.machine() },
    cwd: process.cwd(),
    statfs: realStatfs,
    osCpuCount: os.availableParallelism(),
    osTotalMemory: os.totalmem(),
    uid: typeof process.getuid === "function" ? process.getuid() : -1,
    ...overrides,
  };
}

/** The path of a host path inside the view's root. */
export function hostPath(view: HostView, absolute: string): string {
  return view.root === "/" ? absolute : path.join(view.root, absolute);
}

/** A host file's text (latin1: one char per byte), or null when it cannot be read. */
export function readHostFile(view: HostView, absolute: string, maxBytes = 1 << 20): string | null {
  try {
    const fd = fs.openSync(hostPath(view, absolute), "r");
    try {
      const buf = Buffer.alloc(maxBytes);
      let total = 0;
      for (;;) {
        const n = fs.readSync(fd, buf, total, maxBytes - total, null);
        if (n <= 0 || total + n >= maxBytes) {
          total += Math.max(n, 0);
          break;
        }
        total += n;
      }
      return buf.subarray(0, total).toString("latin1");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Kind of a host path: "file", "dir", "other", or null when it does not exist. */
export function hostPathKind(view: HostView, absolute: string): "file" | "dir" | "other" | null {
  try {
    const st = fs.statSync(hostPath(view, absolute));
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  } catch {
    return null;
  }
}

/** True when the host path is a regular file with an execute bit. */
export function isExecutableFile(view: HostView, absolute: string): boolean {
  try {
    const st = fs.statSync(hostPath(view, absolute));
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Names in a host directory (sorted), or null when it cannot be listed. Synchronous: only for /proc and /sys. */
export function listHostDir(view: HostView, absolute: string): string[] | null {
  try {
    return fs.readdirSync(hostPath(view, absolute)).sort();
  } catch {
    return null;
  }
}

export type BoundedListing =
  | { readonly ok: true; readonly entries: string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Lists a directory that may sit on a network or FUSE mount (CVMFS) with a deadline: a hung
 * mount makes the listing fail with "timed out" instead of blocking the probe.
 */
export async function listHostDirBounded(view: HostView, absolute: string, timeoutMs: number): Promise<BoundedListing> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<BoundedListing>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `timed out after ${timeoutMs} ms` }), timeoutMs);
    timer.unref();
  });
  const listing = fs.promises.readdir(hostPath(view, absolute)).then(
    (entries): BoundedListing => ({ ok: true, entries }),
    (err: unknown): BoundedListing => ({ ok: false, reason: errorCode(err) }),
  );
  try {
    return await Promise.race([listing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Finds an executable by name on the view's PATH (under its root); null when absent. */
export function findOnPath(view: HostView, name: string): string | null {
  const pathVar = view.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
  for (const dir of pathVar.split(":")) {
    if (dir === "" || !dir.startsWith("/")) continue;
    const candidate = path.posix.join(dir, name);
    if (isExecutableFile(view, candidate)) return candidate;
  }
  return null;
}
