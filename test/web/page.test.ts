/**
 * The "Would my job match?" page in a real browser (chromium), served by `classad web`: paste a
 * job and the pool, and the verdict, the clause table and the funnel chart must say what
 * `classad match` and `classad analyze` say on the same input; nothing may be requested from
 * outside the page's own files; the JavaScript loaded before any input stays within 80 KB gzip.
 * Screenshots for docs/guide.md are saved to docs/images/.
 */
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { classad, ensureBuilt, ROOT } from "../cli/built-cli.js";
import { HAVE_CHROMIUM, launch, paste, recordRequests, runs, serve, settled, type Browser, type PageDocument, type PageElement, type Served } from "./browser.js";
import { parseAds } from "../../src/formats/read.js";
import { dumpTime } from "../../src/analyze/dump-time.js";

const MATCH = join(ROOT, "test", "data", "conformance", "match");
const POOL = join(MATCH, "pool-ospool-143.ads");
const NOW = "1783286200";
const JOBS = readdirSync(join(MATCH, "jobs")).sort();
const WEB = join(ROOT, "dist", "web");
const IMAGES = join(ROOT, "docs", "images");
const FIRST_JS_BUDGET = 80 * 1024;

if (!HAVE_CHROMIUM) console.log("test/web/page.test.ts skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)");

interface ClauseRow {
  readonly index: number;
  readonly alone: number;
  readonly remaining: number;
}

interface CliAnswer {
  readonly matches: number;
  readonly slots: number;
  readonly clauses: ClauseRow[];
  readonly matched: number;
}

/** `classad match --json` (the count) and `classad analyze --json` (the clause table) on the same input. */
async function cliAnswer(jobFile: string, pool: string, now: string, set: string[] = []): Promise<CliAnswer> {
  const [match, analyze] = await Promise.all([
    set.length === 0 ? classad(["match", jobFile, pool, "--now", now, "--json"]) : Promise.resolve(null),
    classad(["analyze", jobFile, pool, "--now", now, "--json", ...set.flatMap((s) => ["--set", s])]),
  ]);
  const report = JSON.parse(analyze.stdout) as {
    verdict: { matches: number };
    totals: { slots: number; matched: number };
    jobClauses: { index: number; matchedAlone: number; remaining: number }[];
  };
  const matches = match === null ? report.verdict.matches : (JSON.parse(match.stdout) as { matches: unknown[] }).matches.length;
  return {
    matches,
    slots: report.totals.slots,
    matched: report.totals.matched,
    clauses: report.jobClauses.map((c) => ({ index: c.index, alone: c.matchedAlone, remaining: c.remaining })),
  };
}

/** The count `#verdict` states: "matches N of M slots" or "matches none of the M slots". */
async function verdictCount(page: Page): Promise<{ matches: number; slots: number; text: string }> {
  const text = (await page.textContent("#verdict")) ?? "";
  const some = /matches (\d+) of (\d+) slots?/.exec(text);
  if (some !== null) return { matches: Number(some[1]), slots: Number(some[2]), text };
  const none = /matches none of the (\d+) slots?/.exec(text);
  if (none !== null) return { matches: 0, slots: Number(none[1]), text };
  throw new Error(`#verdict does not state a count: ${text}`);
}

async function clauseTable(page: Page): Promise<ClauseRow[]> {
  return page.$$eval("#clauses tbody tr", (rows) =>
    rows.map((row) => {
      const data = (row as unknown as PageElement).dataset;
      return { index: Number(data.index), alone: Number(data.alone), remaining: Number(data.remaining) };
    }),
  );
}

async function funnel(page: Page): Promise<number[]> {
  return page.$$eval("#funnel g.step", (steps) => steps.map((g) => Number((g as unknown as PageElement).getAttribute("data-count"))));
}

/** The OSPool dump in the pool input (through the file picker) and now = 1783286200, unless already there. */
async function usePool(page: Page): Promise<void> {
  if ((await page.inputValue("#now")) !== NOW) await page.fill("#now", NOW);
  if ((await page.inputValue("#pool")).length === readFileSync(POOL, "utf8").length) return;
  const before = await runs(page);
  await page.setInputFiles("#pool-file", POOL);
  await settled(page, before);
}

async function showJob(page: Page, file: string): Promise<void> {
  const before = await runs(page);
  await page.fill("#job", readFileSync(join(MATCH, "jobs", file), "utf8"));
  await settled(page, before);
}

describe.skipIf(!HAVE_CHROMIUM)("the page in chromium, served by `classad web`", () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let requests: { all: string[]; failed: string[] };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    mkdirSync(IMAGES, { recursive: true });
    served = await serve();
    browser = await launch();
    page = await browser.context.newPage();
    requests = recordRequests(page);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(served.url, { waitUntil: "load" });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it("loads the page and app.js only before any input: at most 80 KB gzip of JavaScript", async () => {
    await page.waitForLoadState("networkidle");
    const loaded = requests.all.map((u) => u.slice(served.url.length));
    expect(loaded).toEqual(["", "style.css", "app.js"]);
    const js = loaded.filter((f) => f.endsWith(".js"));
    const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB, f)), { level: 9 }).length, 0);
    console.log(`JavaScript before any input: ${js.join(", ")} = ${gzipped} bytes gzip (budget ${FIRST_JS_BUDGET})`);
    expect(gzipped).toBeLessThanOrEqual(FIRST_JS_BUDGET);
  });

  it("every shared job against pool-ospool-143.ads at now = 1783286200: the verdict, the clause table and the chart are the CLI's", async () => {
    const answers = new Map<string, CliAnswer>();
    for (let i = 0; i < JOBS.length; i += 4) {
      const batch = JOBS.slice(i, i + 4);
      const got = await Promise.all(batch.map((f) => cliAnswer(join(MATCH, "jobs", f), POOL, NOW)));
      batch.forEach((f, k) => answers.set(f, got[k] as CliAnswer));
    }
    await page.fill("#job", readFileSync(join(MATCH, "jobs", JOBS[0] as string), "utf8"));
    await usePool(page);
    for (const file of JOBS) {
      await showJob(page, file);
      const want = answers.get(file) as CliAnswer;
      const verdict = await verdictCount(page);
      expect({ file, matches: verdict.matches, slots: verdict.slots }).toEqual({ file, matches: want.matches, slots: 143 });
      expect(await clauseTable(page), file).toEqual(want.clauses);
      expect(await funnel(page), file).toEqual([want.slots, ...want.clauses.map((c) => c.remaining), want.matched]);
      expect(await page.textContent("#now-status")).toContain(`now = ${NOW}`);
    }
    await showJob(page, "s02-ospool-container.ad");
    // The top of the page for the guide: inputs, verdict, funnel and clause table.
    const table = await page.locator("#clauses").boundingBox();
    const height = Math.ceil((table?.y ?? 1400) + (table?.height ?? 200) + 24);
    await page.screenshot({ path: join(IMAGES, "web-page.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it("what-if: editing job attributes changes the counts as `classad analyze --set` does", async () => {
    await usePool(page);
    await showJob(page, "s11-big-memory.ad");
    const baseline = await verdictCount(page);
    const want = await cliAnswer(join(MATCH, "jobs", "s11-big-memory.ad"), POOL, NOW, ["RequestMemory=1024", "RequestCpus=1"]);
    // Typed key by key, slower than the page's debounce: analyses land while typing goes on,
    // and the field keeps its focus and every key.
    for (const [name, value] of [["RequestMemory", "1024"], ["RequestCpus", "1"]] as const) {
      const field = page.locator(`#what-if input[data-name="${name}"]`);
      await field.fill("");
      const before = await runs(page);
      await field.pressSequentially(value, { delay: 400 });
      await settled(page, before);
      expect(await page.locator(`#what-if input[data-name="${name}"]`).inputValue()).toBe(value);
    }
    const changed = await verdictCount(page);
    expect(changed.matches).toBe(want.matches);
    expect(changed.matches).not.toBe(baseline.matches);
    expect(await clauseTable(page)).toEqual(want.clauses);
    expect(await page.textContent("#reasons")).toContain("without them:");
    // Clearing the edits restores the job's own answer.
    for (const name of ["RequestMemory", "RequestCpus"]) {
      const before = await runs(page);
      await page.fill(`#what-if input[data-name="${name}"]`, "");
      await settled(page, before);
    }
    expect((await verdictCount(page)).matches).toBe(baseline.matches);
  }, 120_000);

  it("explains a clause against a slot: the slot attribute the slot lacks is named, the other references have values", async () => {
    const job = 'MyType = "Job"\nRequestMemory = 2048\nRequestCpus = 1\nRequirements = (TARGET.Memory >= RequestMemory) && (TARGET.CUDACapability >= 7.0)\n';
    await usePool(page);
    const before = await runs(page);
    await page.fill("#job", job);
    await settled(page, before);
    expect(await page.textContent("#verdict")).toContain("matches none of the 143 slots");
    await page.click('#clauses tbody tr[data-index="2"]');
    await page.waitForFunction(() => ((globalThis as unknown as { document: PageDocument }).document.getElementById("explanation")?.dataset.shown ?? "").startsWith("job:2@"));
    const tree = (await page.textContent("#explanation")) ?? "";
    expect(tree).toContain("TARGET.CUDACapability");
    expect(tree).toContain("missing: TARGET does not define it");
    expect(tree).toContain("first UNDEFINED");
    expect(await page.textContent("#explain-context")).toMatch(/^MY = the job, TARGET = .+: the value is undefined\. The first UNDEFINED comes from TARGET\.CUDACapability/);
    // The whole Requirements against the same slot: the memory clause shows its values.
    await page.selectOption("#explain-clause", "job:0");
    await page.waitForFunction(() => ((globalThis as unknown as { document: PageDocument }).document.getElementById("explanation")?.dataset.shown ?? "").startsWith("job:0@"));
    const whole = (await page.textContent("#explanation")) ?? "";
    expect(whole).toContain("RequestMemory");
    expect(whole).toMatch(/2048\s*RequestMemory\s*MY/);
    await page.locator("#explain-panel").screenshot({ path: join(IMAGES, "web-explain.png") });
  }, 120_000);

  it("the bundled OSPool sample is one click away; with the time empty the dump's own time is used, as the CLI does", async () => {
    await page.fill("#now", "");
    await showJob(page, "s01-vanilla-default.ad");
    const before = await runs(page);
    await page.click("#load-sample");
    await settled(page, before);
    const sampleNow = dumpTime(parseAds(readFileSync(POOL, "latin1")).ads) as number;
    expect(await page.textContent("#now-status")).toContain(`now = ${sampleNow}`);
    expect(await page.textContent("#now-status")).toContain("the dump's own time");
    const want = await cliAnswer(join(MATCH, "jobs", "s01-vanilla-default.ad"), join(ROOT, "samples", "ospool-143.ads.gz"), String(sampleNow));
    expect((await verdictCount(page)).matches).toBe(want.matches);
  }, 120_000);

  it("reads a gzip file given to the file picker", async () => {
    await paste(page, "#pool", "");
    const before = await runs(page);
    await page.setInputFiles("#pool-file", join(ROOT, "samples", "ospool-143.ads.gz"));
    await settled(page, before);
    expect(await page.inputValue("#pool")).toContain('MyType = "Machine"');
    expect(await page.textContent("#pool-status")).toContain("143 slot ads read (long format)");
  }, 120_000);

  it("requested nothing from outside its own files", () => {
    expect(requests.all.length).toBeGreaterThan(3);
    const outside = requests.all.filter((u) => !u.startsWith(served.url) && !u.startsWith("data:"));
    expect(outside).toEqual([]);
    expect(requests.failed).toEqual([]);
    expect(requests.all.map((u) => u.slice(served.url.length)).filter((f) => f.endsWith(".js")).sort()).toEqual(["app.js", "engine.js"]);
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!HAVE_CHROMIUM)("the page opened from disk (file://, no server)", () => {
  it("works with the engine in the page, and fetches nothing", async () => {
    await ensureBuilt();
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      const requests = recordRequests(page);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(WEB, "index.html")).href);
      const before = await runs(page);
      await page.fill("#now", NOW);
      await paste(page, "#pool", readFileSync(POOL, "utf8"));
      await paste(page, "#job", readFileSync(join(MATCH, "jobs", "s02-ospool-container.ad"), "utf8"));
      await settled(page, before);
      const want = await cliAnswer(join(MATCH, "jobs", "s02-ospool-container.ad"), POOL, NOW);
      expect((await verdictCount(page)).matches).toBe(want.matches);
      expect(await page.textContent("#now-status")).toContain("The engine runs in the page");
      expect(requests.all.filter((u) => !u.startsWith("file://") && !u.startsWith("data:"))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
