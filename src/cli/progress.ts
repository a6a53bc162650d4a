/**
 * Progress on stderr for long work over big dumps: shown only when stderr is a terminal, never
 * under `--json`, never when the environment variable CI is set (CI logs are not terminals, and
 * some CI systems fake one).
 */
import type { CliIO } from "./io.js";

export interface Progress {
  /** Report `done` of `total` units. Throttled; cheap to call often. */
  update(done: number, total: number): void;
  /** Erase the progress line. */
  finish(): void;
}

const NO_PROGRESS: Progress = { update() {}, finish() {} };
const REDRAW_INTERVAL_MS = 100;

/** True when progress may be shown on this process's stderr. */
export function progressAllowed(io: CliIO, json: boolean): boolean {
  const ci = io.env.CI;
  return io.stderrIsTTY && !json && (ci === undefined || ci === "" || ci === "0" || ci.toLowerCase() === "false");
}

export function createProgress(io: CliIO, label: string, json: boolean): Progress {
  if (!progressAllowed(io, json)) return NO_PROGRESS;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = now;
      drawn = true;
      const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
      io.error(`\r${label}: ${done}/${total} (${percent}%)\u001b[K`);
    },
    finish() {
      if (drawn) io.error("\r\u001b[K");
      drawn = false;
    },
  };
}
