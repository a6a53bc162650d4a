/**
 * The built `classad` binary for end-to-end tests. `npm test` builds before running the tests;
 * when dist is missing or older than the sources (a developer running vitest alone), it is built
 * here once, under a lock so that parallel test files never build at the same time.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
/** The binary under test; CLASSAD_TEST_CLI points the tests at another build (it is then not rebuilt). */
export const CLI = process.env.CLASSAD_TEST_CLI ?? join(ROOT, "dist", "cli", "main.js");
const LOCK = join(ROOT, "node_modules", ".cache", "classad-build.lock");
const LOCK_STALE_MS = 5 * 60_000;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|html|css)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(CLI)) return true;
  const built = statSync(CLI).mtimeMs;
  const inputs = [join(ROOT, "package.json"), join(ROOT, "tsup.config.ts")].map((p) => statSync(p).mtimeMs);
  return Math.max(newestSource(join(ROOT, "src")), ...inputs) > built;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Make sure dist is built and current. */
export async function ensureBuilt(): Promise<void> {
  if (process.env.CLASSAD_TEST_CLI !== undefined || !isStale()) return;
  mkdirSync(join(LOCK, ".."), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (isStale()) execFileSync("npx", ["tsup", "--silent"], { cwd: ROOT, stdio: "inherit" });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command as a user would: a real process, real files, optional stdin. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { stdin?: Buffer | string; env?: NodeJS.ProcessEnv; cwd?: string; shell?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? { ...process.env, CI: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      shell: options.shell ?? false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

/** `classad ARGS...` through the built binary. */
export function classad(args: readonly string[], options: { stdin?: Buffer | string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return runProcess(process.execPath, [CLI, ...args], options);
}
