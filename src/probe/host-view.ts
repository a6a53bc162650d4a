/**
 * What the probe needs to know of a host, as types only (browser-safe). The Node implementation,
 * {@link realHostView}, and the helpers that read files under a view's root are in view.ts.
 *
 * Every fact the probe reports comes through a {@link HostView}: files are read under `root`
 * (so `/proc/meminfo` is `<root>/proc/meminfo`), programs run through `run`, and the rest
 * (environment, host name, kernel identity, file-system space) are plain fields or functions.
 * Tests build a view over a fixture tree and a fake runner.
 */

/** What a bounded program run produced. */
export interface RunResult {
  /** Exit status; null when the program did not exit normally (killed, not started). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run was killed because it exceeded its time limit. */
  readonly timedOut: boolean;
  /** Why the program could not be started (e.g. "ENOENT"), if it could not. */
  readonly error?: string;
}

export interface RunOptions {
  /** Hard limit: the process is killed (SIGKILL) and the call resolves at this point. */
  readonly timeoutMs: number;
}

export type Runner = (cmd: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

/** Kernel identity as `uname(2)` reports it. */
export interface Uname {
  readonly sysname: string;
  readonly nodename: string;
  readonly release: string;
  readonly machine: string;
}

/** Space of a file system in bytes, as `statfs(2)` gives it. */
export interface FsSpace {
  /** Block size in bytes. */
  readonly bsize: number;
  /** Total blocks. */
  readonly blocks: number;
  /** Blocks available to an unprivileged user. */
  readonly bavail: number;
}

export interface HostView {
  /** Prefix under which absolute host paths (/proc, /sys, /etc, /cvmfs, ...) are read. */
  readonly root: string;
  /** Runs a program with a hard time limit; never rejects. */
  readonly run: Runner;
  /** The environment the probe (and a pilot on this host) would see. */
  readonly env: ReadonlyMap<string, string>;
  /** The host name (HTCondor uses the fully qualified name). */
  readonly hostname: string;
  readonly uname: Uname;
  /** The working directory whose file system gives `Disk` (HTCondor's EXECUTE). */
  readonly cwd: string;
  /** statfs of a host path (not prefixed by `root`); null when it cannot be read. */
  statfs(hostPath: string): FsSpace | null;
  /** Logical CPUs the OS reports, a last resort when /proc/cpuinfo is unreadable. */
  readonly osCpuCount: number;
  /** Physical memory in bytes the OS reports, a last resort when /proc/meminfo is unreadable. */
  readonly osTotalMemory: number;
  /** Effective user id of the probing process (root can always create namespaces). */
  readonly uid: number;
}
