/**
 * HTCondor's own ClassAd library as the reference: the three small drivers built from the
 * htcondor/htcondor source (eval_oracle, match_oracle, convert_oracle; see fuzz/README.md). The
 * harness finds them through the environment variable CLASSAD_ORACLE_BIN and says so plainly when
 * they are not there.
 *
 * `OracleStream` keeps one eval_oracle process alive and streams lines through it: the driver
 * answers exactly one line per input line, and runs line-buffered (under `stdbuf -oL`) so that
 * when it crashes or hangs on one expression, the harness knows which one, records it as
 * `ORACLE_CRASH` / `ORACLE_TIMEOUT`, restarts the driver and goes on with the rest.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const ORACLE_CRASH = "ORACLE_CRASH";
export const ORACLE_TIMEOUT = "ORACLE_TIMEOUT";

export interface OracleDrivers {
  readonly dir: string;
  readonly evalBin: string;
  readonly matchBin: string;
  readonly convertBin: string;
  /** The htcondor/htcondor commit the drivers were built from (the build's COMMIT file). */
  readonly commit: string;
  /** A wrapper that freezes the clock (`faketime`), or null when it is not installed. */
  readonly faketime: string | null;
}

/** The frozen clock the campaigns run at (time() in both libraries): 2026-07-05 21:16:40 UTC. */
export const FROZEN_NOW = 1_783_286_200;
const FROZEN_NOW_TEXT = "2026-07-05 21:16:40";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name: string): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : null;
}

/**
 * The drivers named by CLASSAD_ORACLE_BIN, or an explanation of why there are none (the harness
 * prints it and stops; nothing else needs the reference).
 */
export function findOracle(env: NodeJS.ProcessEnv = process.env): OracleDrivers | string {
  const dir = env.CLASSAD_ORACLE_BIN;
  if (!dir) {
    return (
      "CLASSAD_ORACLE_BIN is not set. The differential harness needs HTCondor's ClassAd library built as " +
      "its reference drivers (eval_oracle, match_oracle, convert_oracle); set CLASSAD_ORACLE_BIN to the " +
      "folder that holds them (see fuzz/README.md)."
    );
  }
  const bins = ["eval_oracle", "match_oracle", "convert_oracle"].map((name) => join(dir, name));
  const missing = bins.filter((bin) => !executable(bin));
  if (missing.length > 0) {
    return `CLASSAD_ORACLE_BIN=${dir}: no runnable ${missing.map((m) => m.slice(dir.length + 1)).join(", ")}; build the reference first (fuzz/README.md).`;
  }
  if (!which("stdbuf")) return "stdbuf (GNU coreutils) is needed to stream through the eval driver.";
  const commitFile = [join(dir, "COMMIT"), join(dirname(dir), "COMMIT")].find((f) => existsSync(f));
  const commit = commitFile ? readFileSync(commitFile, "utf8").trim() : "unknown";
  const [evalBin, matchBin, convertBin] = bins as [string, string, string];
  return { dir, evalBin, matchBin, convertBin, commit, faketime: which("faketime") };
}

/** The command line that runs a driver with the campaign's clock and zone. */
export function driverCommand(drivers: OracleDrivers, bin: string, args: readonly string[]): { cmd: string; args: string[] } {
  if (drivers.faketime) return { cmd: drivers.faketime, args: ["-f", FROZEN_NOW_TEXT, bin, ...args] };
  return { cmd: bin, args: [...args] };
}

export const DRIVER_ENV = { ...process.env, TZ: "UTC", LC_ALL: "C" };

/** What the driver (or its wrappers) print when it cannot start, as opposed to a crash. */
const STARTUP_FAILURE = /cannot read|usage:|failed to run|No such file|not found/;

/** A line that parses to its end, leaving HTCondor's lexer in its initial state. */
const LEXER_RESET = "0";

interface Pending {
  readonly line: string;
  readonly resolve: (answer: string) => void;
  /** Set once the line was sent again, first, to a fresh driver after a crash or a timeout. */
  retried?: boolean;
  readonly reject: (error: Error) => void;
}

/**
 * One long-lived eval_oracle process (restarted after a crash or a hang). `ask` queues lines and
 * resolves each with the driver's answer line. Lines are byte strings (latin1) without newlines.
 */
export class OracleStream {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Pending[] = [];
  private buffered = "";
  private stderr = "";
  private timer: NodeJS.Timeout | null = null;
  crashes = 0;
  timeouts = 0;

  constructor(
    private readonly drivers: OracleDrivers,
    private readonly args: readonly string[] = [],
    private readonly timeoutMs = 20_000,
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    const { cmd, args } = driverCommand(this.drivers, "stdbuf", ["-oL", this.drivers.evalBin, ...this.args]);
    const child = spawn(cmd, args, { env: DRIVER_ENV, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.setEncoding("latin1");
    child.stdout.on("data", (chunk: string) => this.onData(chunk));
    this.stderr = "";
    child.stderr.setEncoding("latin1");
    child.stderr.on("data", (chunk: string) => {
      if (this.stderr.length < 4096) this.stderr += chunk;
    });
    child.stdin.on("error", () => {
      // The driver died with input in flight; 'close' handles it.
    });
    child.on("close", (code, signal) => this.onClose(child, code, signal));
    this.child = child;
    return child;
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let newline = this.buffered.indexOf("\n");
    while (newline >= 0) {
      const answer = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      this.queue.shift()?.resolve(answer);
      newline = this.buffered.indexOf("\n");
    }
    this.armTimer();
  }

  private onClose(child: ChildProcessWithoutNullStreams, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    this.buffered = "";
    this.clearTimer();
    if (signal === null && code !== 0 && STARTUP_FAILURE.test(this.stderr)) {
      // The driver refused to run (bad arguments, an unreadable ad): not an expression's fault.
      const error = new Error(`eval_oracle exited with status ${code}: ${this.stderr.trim()}`);
      for (const pending of this.queue.splice(0)) pending.reject(error);
      return;
    }
    const culprit = this.queue.shift();
    if (culprit === undefined) return;
    // Line-buffered output: every answer before the culprit has arrived. A line that crashes a
    // driver only after earlier lines (their state, or a loaded machine's kill) is tried once more
    // in a fresh driver: only a line that crashes there too is the reference's crash.
    if (this.retryFirst(culprit)) return;
    this.crashes++;
    culprit.resolve(ORACLE_CRASH);
    this.resend();
  }

  /** Puts a line that has not been retried back first and restarts the driver; false if it was. */
  private retryFirst(culprit: Pending): boolean {
    if (culprit.retried === true) return false;
    culprit.retried = true;
    this.queue.unshift(culprit);
    this.resend();
    return true;
  }

  private resend(): void {
    if (this.queue.length === 0) return;
    const child = this.start();
    child.stdin.write(this.queue.map((p) => p.line + "\n").join(""), "latin1");
    this.armTimer();
  }

  private armTimer(): void {
    this.clearTimer();
    if (this.queue.length === 0) return;
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private onTimeout(): void {
    const child = this.child;
    this.child = null;
    this.buffered = "";
    const culprit = this.queue.shift();
    if (child) {
      child.removeAllListeners("close");
      child.kill("SIGKILL");
    }
    if (culprit && this.retryFirst(culprit)) return;
    if (culprit) {
      this.timeouts++;
      culprit.resolve(ORACLE_TIMEOUT);
    }
    this.resend();
  }

  /**
   * The driver's answers to `lines`, in order. Each line is followed by the sentinel line `0`,
   * whose answer is dropped: HTCondor's lexer remembers the last token of the previous parse (a
   * leading `-` after a line that failed on a number is an operator, not a sign), and a parse that
   * ends cleanly resets that memory, so every line is read as a fresh parser reads it.
   */
  async ask(lines: readonly string[]): Promise<string[]> {
    const withSentinels: string[] = [];
    for (const line of lines) withSentinels.push(line, LEXER_RESET);
    const answers = await this.askRaw(withSentinels);
    return answers.filter((_, i) => i % 2 === 0);
  }

  private askRaw(lines: readonly string[]): Promise<string[]> {
    const answers = lines.map(
      (line) =>
        new Promise<string>((resolve, reject) => {
          this.queue.push({ line, resolve, reject });
        }),
    );
    const child = this.child ?? this.start();
    if (lines.length > 0) {
      child.stdin.write(lines.map((line) => line + "\n").join(""), "latin1");
      if (this.timer === null) this.armTimer();
    }
    return Promise.all(answers);
  }

  close(): void {
    const child = this.child;
    this.child = null;
    this.clearTimer();
    if (child) {
      child.removeAllListeners("close");
      child.stdin.end();
    }
  }
}

/** Runs a driver once and returns its stdout (latin1), its exit status and stderr. */
export function runDriver(
  drivers: OracleDrivers,
  bin: string,
  args: readonly string[],
  timeoutMs = 60_000,
): { stdout: string; status: number | null; stderr: string } {
  const { cmd, args: full } = driverCommand(drivers, bin, args);
  const run = spawnSync(cmd, full, { env: DRIVER_ENV, encoding: "latin1", timeout: timeoutMs, maxBuffer: 1 << 30 });
  return { stdout: run.stdout ?? "", status: run.status, stderr: run.stderr ?? "" };
}
