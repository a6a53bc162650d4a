/**
 * A real browser for the page's tests: Debian's chromium (`apt-get install chromium`) driven by
 * playwright-core, no browser download. The tests skip, with a plain message, where
 * /usr/bin/chromium is absent; .ci/run installs it so CI runs them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { CLI } from "../cli/built-cli.js";

/**
 * The few DOM members the tests read inside the page (this test code is type-checked with Node's
 * types, without the DOM library). Callbacks run in the page, so each reaches the document
 * through `globalThis` itself.
 */
export interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  value: string;
  getAttribute(name: string): string | null;
  dispatchEvent(event: unknown): boolean;
}
export interface PageDocument {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
}

export const CHROMIUM = "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Flags for this machine's closed network: no background connections, no GPU, no sandbox (CI containers). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh chromium with its own throw-away profile (--user-data-dir). */
export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "classad-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Served {
  readonly url: string;
  stop(): Promise<void>;
}

/** `classad web --port 0` (the built binary): the URL it prints. */
export async function serve(): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [CLI, "web", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`classad web printed no URL: ${out}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`classad web exited (${String(code)}): ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Every request a page makes, and those that failed. */
export function recordRequests(page: Page): { all: string[]; failed: string[] } {
  const all: string[] = [];
  const failed: string[] = [];
  page.on("request", (r: Request) => all.push(r.url()));
  page.on("requestfailed", (r: Request) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`);
  });
  return { all, failed };
}

/** Wait until the page shows the analysis of its current input (the page marks #results). */
export async function settled(page: Page, runsBefore: number): Promise<void> {
  await page.waitForFunction(
    (before) => {
      const results = (globalThis as unknown as { document: PageDocument }).document.getElementById("results");
      return results !== null && Number(results.dataset.runs ?? "0") > before && results.dataset.busy === "false";
    },
    runsBefore,
    { timeout: 60_000 },
  );
}

export async function runs(page: Page): Promise<number> {
  return page.evaluate(() => Number((globalThis as unknown as { document: PageDocument }).document.getElementById("results")?.dataset.runs ?? "0"));
}

/** Put text into a textarea as a paste does (an input event), without typing it key by key. */
export async function paste(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ([sel, value]) => {
      const area = (globalThis as unknown as { document: PageDocument }).document.querySelector(sel as string);
      if (area === null) throw new Error(`no ${sel as string}`);
      area.value = value as string;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    },
    [selector, text],
  );
}
