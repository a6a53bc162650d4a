/**
 * Differential fuzzing against HTCondor's own ClassAd library. See fuzz/README.md.
 *
 *   npm run fuzz -- [--campaign eval|match|convert|all] [--seed N] [--count N] [--pairs N]
 *                   [--files N] [--jobs N] [--out DIR] [--minimise N]
 *
 * Needs CLASSAD_ORACLE_BIN (the folder of the reference drivers); without it, it says so and
 * exits with status 3. Writes the report under fuzz/out/ (git-ignored) unless --out is given.
 * Exit status: 0 no new divergence, 1 new divergences (listed in the report), 2 bad usage.
 */
process.env.TZ = "UTC";

import { fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FUNCTION_NAMES } from "./gen/functions.js";
import { runConvertGroup, runMatchGroup, type AdDivergence, type AdGroupResult } from "./lib/ads-campaign.js";
import { answerKind, bucketOf, knownDeviation } from "./lib/classify.js";
import { ContextPair, runBatch, type BatchResult, type Divergence } from "./lib/eval-campaign.js";
import { findOracle, type OracleDrivers } from "./lib/oracle.js";
import { OurEvaluator, unparseAnswer } from "./lib/ours.js";
import { minimise } from "./lib/shrink.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const BATCH = 1000;
const SLOTS_PER_GROUP = 20;

interface Options {
  campaign: "eval" | "match" | "convert" | "all";
  seed: number;
  count: number;
  pairs: number;
  files: number;
  jobs: number;
  out: string | null;
  minimise: number;
  /** Internal: run as shard `shard` of `jobs`, writing results to `shardOut`. */
  shard: number | null;
  shardOut: string | null;
  shardCampaign: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    campaign: "all", seed: 1, count: 1_000_000, pairs: 10_000, files: 2_000, jobs: 2, out: null, minimise: 200,
    shard: null, shardOut: null, shardCampaign: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v as string;
    };
    const number = (): number => {
      const n = Number(value());
      if (!Number.isSafeInteger(n) || n < 0) usage(`${flag} needs a non-negative integer`);
      return n;
    };
    switch (flag) {
      case "--campaign": {
        const c = value();
        if (!["eval", "match", "convert", "all"].includes(c)) usage(`unknown campaign ${c}`);
        options.campaign = c as Options["campaign"];
        break;
      }
      case "--seed": options.seed = number(); break;
      case "--count": options.count = number(); break;
      case "--pairs": options.pairs = number(); break;
      case "--files": options.files = number(); break;
      case "--jobs": options.jobs = Math.max(1, number()); break;
      case "--out": options.out = value(); break;
      case "--minimise": options.minimise = number(); break;
      case "--shard": options.shard = number(); break;
      case "--shard-out": options.shardOut = value(); break;
      case "--shard-campaign": options.shardCampaign = value(); break;
      case "-h":
      case "--help":
        console.log(readFileSync(join(HERE, "README.md"), "utf8"));
        process.exit(0);
        break;
      default:
        usage(`unknown option ${flag}`);
    }
  }
  return options;
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- [--campaign eval|match|convert|all] [--seed N] [--count N] [--pairs N] [--files N] [--jobs N] [--out DIR] [--minimise N]`);
  process.exit(2);
}

// ------------------------------------------------------------------ shards

type ShardRecord = { kind: "batch"; result: BatchResult } | { kind: "group"; result: AdGroupResult };

/** Work items of a campaign: expression batches, match groups, convert files. */
function units(options: Options, campaign: string): number {
  if (campaign === "eval") return Math.ceil(options.count / BATCH);
  if (campaign === "match") return Math.ceil(options.pairs / SLOTS_PER_GROUP);
  return options.files;
}

async function runUnit(drivers: OracleDrivers, options: Options, campaign: string, unit: number): Promise<ShardRecord> {
  if (campaign === "eval") {
    const size = Math.min(BATCH, options.count - unit * BATCH);
    return { kind: "batch", result: await runBatch(drivers, options.seed, unit, size) };
  }
  if (campaign === "match") return { kind: "group", result: await runMatchGroup(drivers, options.seed, unit, SLOTS_PER_GROUP) };
  return { kind: "group", result: runConvertGroup(drivers, options.seed, unit) };
}

/** The shard's part of a campaign: every unit u with u % jobs == shard. */
async function runShard(drivers: OracleDrivers, options: Options): Promise<void> {
  const campaign = options.shardCampaign as string;
  const total = units(options, campaign);
  const records: ShardRecord[] = [];
  for (let unit = options.shard as number; unit < total; unit += options.jobs) {
    records.push(await runUnit(drivers, options, campaign, unit));
    process.send?.({ progress: 1 });
  }
  writeFileSync(options.shardOut as string, JSON.stringify(records));
}

async function runCampaign(options: Options, campaign: string, outDir: string): Promise<ShardRecord[]> {
  const total = units(options, campaign);
  let done = 0;
  const started = Date.now();
  const progress = (): void => {
    done++;
    if (process.stderr.isTTY || done % Math.max(1, Math.floor(total / 20)) === 0 || done === total) {
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      process.stderr.write(`\r${campaign}: ${done}/${total} units, ${secs} s `);
    }
  };
  const shards = Array.from({ length: options.jobs }, (_, shard) => shard);
  const parts = await Promise.all(
    shards.map(
      (shard) =>
        new Promise<ShardRecord[]>((resolve, reject) => {
          const shardOut = join(outDir, `.shard-${campaign}-${shard}.json`);
          const args = [
            "--shard", String(shard), "--jobs", String(options.jobs), "--shard-out", shardOut, "--shard-campaign", campaign,
            "--seed", String(options.seed), "--count", String(options.count), "--pairs", String(options.pairs), "--files", String(options.files),
          ];
          const child = fork(fileURLToPath(import.meta.url), args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
          child.on("message", progress);
          child.on("exit", (code) => {
            if (code !== 0) reject(new Error(`shard ${shard} of ${campaign} exited with ${code}`));
            else resolve(JSON.parse(readFileSync(shardOut, "utf8")) as ShardRecord[]);
          });
        }),
    ),
  );
  process.stderr.write("\n");
  return parts.flat();
}

// ------------------------------------------------------------------ report

interface Minimised {
  readonly bucket: string;
  readonly known: string | null;
  readonly minimised: string;
  readonly theirs: string;
  readonly ours: string;
  readonly original: Divergence;
}

async function minimiseAll(drivers: OracleDrivers, divergences: readonly Divergence[], budget: number): Promise<Minimised[]> {
  const out: Minimised[] = [];
  const perPattern = new Map<string, number>();
  for (const d of divergences) {
    if (out.length >= budget) break;
    if (d.mode === "read") {
      out.push({ bucket: "read: context ad", known: null, minimised: d.expr, theirs: d.theirs, ours: d.ours, original: d });
      continue;
    }
    // Many copies of one bug: minimise a few of each (answer shapes) pattern.
    const pattern = `${d.mode} ${answerKind(d.theirs)}/${answerKind(d.ours)}`;
    const seen = perPattern.get(pattern) ?? 0;
    if (seen >= Math.max(3, Math.floor(budget / 10))) continue;
    perPattern.set(pattern, seen + 1);
    const pair = new ContextPair(drivers, d.context, d.mode === "unparse");
    try {
      const ask = async (candidates: readonly string[]): Promise<boolean[]> => {
        const theirs = await pair.oracle.ask(candidates);
        return candidates.map((c, i) => (d.mode === "unparse" ? unparseAnswer(c) : pair.ours.answer(c)) !== theirs[i]);
      };
      const minimised = await minimise(d.expr, ask);
      const [theirs] = await pair.oracle.ask([minimised]);
      const ours = d.mode === "unparse" ? unparseAnswer(minimised) : pair.ours.answer(minimised);
      const evaluator = d.context ? pair.ours : new OurEvaluator();
      const bucket = bucketOf(minimised, d.mode, evaluator);
      const contextText = d.context ? `${d.context.my}\n${d.context.target}` : "";
      const known = knownDeviation(minimised, theirs as string, ours, evaluator, contextText);
      out.push({ bucket, known: known?.id ?? null, minimised, theirs: theirs as string, ours, original: d });
    } finally {
      pair.close();
    }
  }
  return out;
}

function markdownCode(text: string): string {
  const printable = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return "`` " + printable.replace(/\n/g, "\\n") + " ``";
}

interface CampaignSummary {
  campaign: string;
  units: number;
  expressions?: Record<string, number>;
  contextExpressions?: number;
  unparsed?: number;
  pairs?: number;
  files?: number;
  conversions?: number;
  divergences: number;
  oracleCrashes?: number;
  seconds: number;
}

function writeReport(
  outDir: string,
  drivers: OracleDrivers,
  options: Options,
  summaries: CampaignSummary[],
  minimised: Minimised[],
  adDivergences: AdDivergence[],
  coverage: Map<string, number>,
): { newCount: number } {
  const buckets = new Map<string, Minimised[]>();
  for (const m of minimised) {
    const key = m.known ? `deviation: ${m.known}` : m.bucket;
    buckets.set(key, [...(buckets.get(key) ?? []), m]);
  }
  const fresh = [...buckets.entries()].filter(([key]) => !key.startsWith("deviation:"));
  const lines: string[] = [
    `# Differential fuzzing report`,
    "",
    `- seed ${options.seed}; reference: htcondor ${drivers.commit}; clock frozen at 2026-07-05 21:16:40 UTC; TZ=UTC`,
    `- date ${new Date().toISOString().slice(0, 10)}; command: \`npm run fuzz -- --campaign ${options.campaign} --seed ${options.seed} --count ${options.count} --pairs ${options.pairs} --files ${options.files} --jobs ${options.jobs}\``,
    "",
    "| campaign | work | divergences (raw) | time (s) |",
    "|---|---|---:|---:|",
  ];
  for (const s of summaries) {
    const work =
      s.campaign === "eval"
        ? `${Object.values(s.expressions ?? {}).reduce((a, b) => a + b, 0)} expressions (${Object.entries(s.expressions ?? {}).map(([k, v]) => `${v} ${k}`).join(", ")}; ${s.contextExpressions} in a match context), ${s.unparsed} printed back; ${s.oracleCrashes} reference crashes`
        : s.campaign === "match"
          ? `${s.pairs} job/slot pairs`
          : `${s.files} files, ${s.conversions} conversions`;
    lines.push(`| ${s.campaign} | ${work} | ${s.divergences} | ${s.seconds} |`);
  }
  lines.push("", `## Buckets (${fresh.length} new, ${buckets.size - fresh.length} documented deviations, see docs/quirks.md)`, "");
  for (const [key, items] of [...buckets.entries()].sort()) {
    lines.push(`### ${key} (${items.length} minimised)`, "");
    for (const m of items.slice(0, 5)) {
      if (m.original.mode === "read") lines.push(`- context files: ${markdownCode(JSON.stringify(m.original.context).slice(0, 600))}`);
      else lines.push(`- ${markdownCode(m.minimised)}${m.original.context ? " (match context)" : ""}`);
      lines.push(`  - HTCondor: ${markdownCode(m.theirs)}`);
      lines.push(`  - ours: ${markdownCode(m.ours)}`);
    }
    lines.push("");
  }
  if (adDivergences.length > 0) {
    lines.push(`## Ad divergences (${adDivergences.length})`, "");
    for (const d of adDivergences.slice(0, 50)) {
      lines.push(`- ${d.mode} group ${d.group}: ${d.what}`);
      lines.push(`  - HTCondor: ${markdownCode(d.theirs.slice(0, 400))}`);
      lines.push(`  - ours: ${markdownCode(d.ours.slice(0, 400))}`);
    }
    lines.push("");
  }
  if (coverage.size > 0) {
    const missing = FUNCTION_NAMES.filter((name) => !coverage.get(name));
    lines.push(
      "## Coverage",
      "",
      `Function calls generated: ${[...coverage.entries()].sort((a, b) => a[1] - b[1]).map(([n, c]) => `${n} ${c}`).join(", ")}.`,
      missing.length ? `Never called: ${missing.join(", ")}.` : "Every builtin the reference carries was called.",
      "",
    );
  }
  writeFileSync(join(outDir, "report.md"), lines.join("\n"));
  writeFileSync(join(outDir, "minimised.jsonl"), minimised.map((m) => JSON.stringify(m)).join("\n") + "\n");
  writeFileSync(join(outDir, "ad-divergences.jsonl"), adDivergences.map((d) => JSON.stringify(d)).join("\n") + "\n");
  return { newCount: fresh.reduce((n, [, items]) => n + items.length, 0) + adDivergences.length };
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const drivers = findOracle();
  if (typeof drivers === "string") {
    console.error(`fuzz: ${drivers}`);
    process.exit(3);
  }
  if (options.shard !== null) {
    await runShard(drivers, options);
    return;
  }
  const outDir = options.out ?? join(HERE, "out", `${options.campaign}-seed${options.seed}`);
  mkdirSync(outDir, { recursive: true });
  console.error(`fuzz: reference htcondor ${drivers.commit} in ${drivers.dir}${drivers.faketime ? "" : " (faketime missing: clock-dependent answers will differ)"}`);
  const campaigns = options.campaign === "all" ? ["eval", "match", "convert"] : [options.campaign];
  const summaries: CampaignSummary[] = [];
  const divergences: Divergence[] = [];
  const adDivergences: AdDivergence[] = [];
  const coverage = new Map<string, number>();
  for (const campaign of campaigns) {
    if (units(options, campaign) === 0) continue;
    const started = Date.now();
    const records = await runCampaign(options, campaign, outDir);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (campaign === "eval") {
      const expressions: Record<string, number> = { typed: 0, random: 0, mangled: 0 };
      let contextExpressions = 0;
      let unparsed = 0;
      let crashes = 0;
      let raw = 0;
      for (const record of records) {
        if (record.kind !== "batch") continue;
        const r = record.result;
        for (const [k, v] of Object.entries(r.counts)) expressions[k] = (expressions[k] ?? 0) + v;
        if (r.context) contextExpressions += Object.values(r.counts).reduce((a, b) => a + b, 0);
        unparsed += r.unparsed;
        crashes += r.oracleCrashes;
        raw += r.divergences.length;
        divergences.push(...r.divergences);
        for (const [name, n] of Object.entries(r.calls)) coverage.set(name, (coverage.get(name) ?? 0) + n);
      }
      summaries.push({ campaign, units: records.length, expressions, contextExpressions, unparsed, divergences: raw, oracleCrashes: crashes, seconds });
    } else {
      let pairs = 0;
      let files = 0;
      let conversions = 0;
      let raw = 0;
      for (const record of records) {
        if (record.kind !== "group") continue;
        pairs += record.result.pairs;
        files += record.result.files;
        conversions += record.result.conversions;
        raw += record.result.divergences.length;
        adDivergences.push(...record.result.divergences);
      }
      summaries.push({ campaign, units: records.length, pairs, files, conversions, divergences: raw, seconds });
    }
  }
  writeFileSync(join(outDir, "divergences.jsonl"), divergences.map((d) => JSON.stringify(d)).join("\n") + "\n");
  console.error(`fuzz: ${divergences.length} expression divergences, ${adDivergences.length} ad divergences; minimising`);
  const minimised = await minimiseAll(drivers, divergences, options.minimise);
  const { newCount } = writeReport(outDir, drivers, options, summaries, minimised, adDivergences, coverage);
  for (const s of summaries) console.log(JSON.stringify(s));
  console.log(`report: ${join(outDir, "report.md")}`);
  process.exit(newCount > 0 ? 1 : 0);
}

await main();
