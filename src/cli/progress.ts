/**
 * Progress on stderr for long work over big dumps: shown only when stderr is a terminal, never
 * under `--json`, never when the environment variable CI is set (CI logs are not terminals, and
 * some CI systems fake one).
 */
import type { CliIO } from "./io.js";

export interface Progress {
  /** Report `done` of `total` units (`total` 0: unknown). Throttled; cheap to call often. */
  update(done: number, total: number): void;
  /** Erase the progress line. */
  finish(): void;
}

export interface ProgressOptions {
  /** Draw nothing until this long after creation, so that short work shows no flicker. */
  readonly delayMs?: number;
  /** Units counted: plain counts (default) or bytes, shown in MB. */
  readonly unit?: "count" | "bytes";
}

const NO_PROGRESS: Progress = { update() {}, finish() {} };
const REDRAW_INTERVAL_MS = 100;

/** True when progress may be shown on this process's stderr. */
export function progressAllowed(io: CliIO, json: boolean): boolean {
  const ci = io.env.CI;
  return io.stderrIsTTY && !json && (ci === undefined || ci === "" || ci === "0" || ci.toLowerCase() === "false");
}

export function createProgress(io: CliIO, label: string, json: boolean, options: ProgressOptions = {}): Progress {
  if (!progressAllowed(io, json)) return NO_PROGRESS;
  const showFrom = Date.now() + (options.delayMs ?? 0);
  const amount = options.unit === "bytes" ? megabytes : String;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now < showFrom || (done < total && now - lastDraw < REDRAW_INTERVAL_MS)) return;
      lastDraw = now;
      drawn = true;
      const text =
        total > 0 ? `${amount(done)}/${amount(total)} (${Math.floor((done * 100) / total)}%)` : amount(done);
      io.error(`\r${label}: ${text}\u001b[K`);
    },
    finish() {
      if (drawn) io.error("\r\u001b[K");
      drawn = false;
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
