/**
 * Reliability against hostile input (issue #15): the heavy cases of the issue, each in a process
 * of its own (wall time and peak RSS), and a seeded robustness campaign (no oracle: only typed
 * errors, nothing over 1 s, peak RSS, no ad lost that a fault did not touch).
 *
 *   npm run build
 *   npx tsx benchmarks/reliability.bench.ts                      # every case, one process each
 *   npx tsx benchmarks/reliability.bench.ts --case replaceall-8  # one case in this process
 *   npx tsx benchmarks/reliability.bench.ts --fuzz --seed 1 --count 100000
 *
 * Figures are recorded in docs/security.md with the command that made them.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
// The built package (`npm run build`), as users run it; typed by the sources it is built from. The
// path is a variable so that type checking a fresh clone does not need the build.
const BUILT = "../dist/index.js";
const {
  ClassAd,
  ClassAdLimitError,
  ClassAdParseError,
  evaluateWithStatus,
  formatAds,
  matchPool,
  parseAds,
  parseExpression,
  unparse,
  externalReferences,
} = (await import(BUILT)) as typeof import("../src/index.js");

type Case = () => string;

const sixteen = `"${"a".repeat(16)}"`;
function nestedReplaceAll(levels: number): string {
  let text = sixteen;
  for (let i = 0; i < levels; i++) text = `replaceall("a", ${text}, ${sixteen})`;
  return `size(${text})`;
}

function longDump(bigBytes: number, ads: number): string {
  const out: string[] = [];
  for (let i = 0; i < ads; i++) out.push(`Name = "slot${i}"\nBig = "${i === 2 ? "x".repeat(bigBytes) : "s"}"\nMemory = ${i}\n`);
  return out.join("\n");
}

const CASES: Record<string, Case> = {
  "replaceall-7": () => JSON.stringify(evaluateWithStatus(nestedReplaceAll(7))),
  "replaceall-8": () => JSON.stringify(evaluateWithStatus(nestedReplaceAll(8))),
  "replaceall-empty-quadratic": () => {
    const t = `"${"b".repeat(100_000)}"`;
    return JSON.stringify(evaluateWithStatus(`size(replaceall("", ${t}, ${t}))`));
  },
  "join-nested-40": () => {
    let text = '"x"';
    for (let i = 0; i < 40; i++) text = `join(${text})`;
    return JSON.stringify(evaluateWithStatus(text));
  },
  "toJS-shared-30": () => {
    const ad = ClassAd.fromJS({ a0: 1 });
    for (let i = 1; i <= 30; i++) ad.setText(`a${i}`, `{ a${i - 1}, a${i - 1} }`);
    return String(JSON.stringify(ad.toJS(), (_k, v) => (typeof v === "symbol" ? "E" : v)).length);
  },
  "long-value-12MiB": () => {
    const read = parseAds(longDump(12 << 20, 143));
    return `${read.ads.length} ads, ${read.faults.length} faults`;
  },
  "deep-sum-20k-match": () => {
    const slots = Array.from({ length: 144 }, (_, i) => {
      const slot = new ClassAd();
      slot.setText("Memory", i === 7 ? "1" + " + 1".repeat(20_000) : "4096");
      slot.setText("Requirements", "true");
      return slot;
    });
    const job = new ClassAd();
    job.setText("Requirements", "TARGET.Memory >= 1024");
    return `${matchPool(job, slots).indices.length} matches`;
  },
  "parse-list-16MiB": () => {
    const text = "{" + "1,".repeat((16 << 20) / 2 - 2) + "1}";
    try {
      return `parsed, ${parseExpression(text).kind}`;
    } catch (error) {
      return `${(error as Error).name} ${(error as { code?: string }).code ?? ""}`;
    }
  },
  "parse-list-1M-tokens": () => {
    // The most the default token limit admits: a list of 499,999 numbers (999,999 tokens).
    const text = "{" + "1,".repeat(499_998) + "1}";
    const tree = parseExpression(text);
    return `parsed, ${tree.kind === "list" ? tree.items.length : 0} items`;
  },
  "long-dump-token-bomb": () => {
    const bomb = "{" + "1,".repeat((16 << 20) / 2 - 8) + "1}";
    const out: string[] = [];
    for (let i = 0; i < 143; i++) out.push(`Name = "slot${i}"\nBig = ${i === 2 ? bomb : "{1,2}"}\nMemory = ${i}\n`);
    const read = parseAds(out.join("\n"));
    for (const ad of read.ads) for (const _ of ad.entries()) void _;
    return `${read.ads.length} ads, ${read.faults.length} faults`;
  },
  "json-array-16MB": () => {
    const read = parseAds(`[ {"Name": "a", "Big": [${"1,".repeat(8_000_000 - 1)}1]}, {"Name": "b"} ]`, { format: "json" });
    return `${read.ads.length} ads, ${read.faults.length} faults`;
  },
  "xml-list-16MB": () => {
    const big = `<c><a n="Name"><s>a</s></a><a n="Big"><l>${"<i>1</i>".repeat(2_000_000)}</l></a></c>`;
    const read = parseAds(`<?xml version="1.0"?>\n<classads>\n${big}\n<c><a n="Name"><s>b</s></a></c>\n</classads>\n`, { format: "xml" });
    return `${read.ads.length} ads, ${read.faults.length} faults`;
  },
  "deep-chain-write-read": () => {
    const ad = new ClassAd();
    ad.setText("Deep", "a" + ".a".repeat(20_000));
    const sizes = (["long", "new", "json", "xml"] as const).map((f) => parseAds(formatAds([ad, ad], f)).ads.length);
    return sizes.join(",");
  },
};

// ------------------------------------------------------------------------------------ fuzzing

/** xorshift32: the campaign is reproducible from its seed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const TOKENS = ["(", ")", "{", "}", "[", "]", "+", "-", "*", "/", "&&", "||", "?", ":", "?:", ".", ",", ";", "=?=", "==", "!", "x", "a", "MY", "TARGET", "1", "2.5", '"s"', "'n'", "undefined", "error", "true", "strcat", "join", "replaceall", "size", "split", "regexps", "eval", "toUpper", "sum", "ifThenElse", "\\", '"', "'", " ", "\n", "\x00", "\x1b"];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

/** One generated input: an expression (kind "expr") or a dump (kind "dump"). */
function generate(r: () => number, base: Record<string, string>): { kind: "expr" | "dump"; text: string; format?: string } {
  const shape = Math.floor(r() * 10);
  const n = 1 + Math.floor(r() * 30);
  switch (shape) {
    case 0:
      return { kind: "expr", text: Array.from({ length: n * 4 }, () => String.fromCharCode(Math.floor(r() * 256))).join("") };
    case 1:
    case 2:
      return { kind: "expr", text: Array.from({ length: n * 2 }, () => pick(r, TOKENS)).join(" ") };
    case 3: {
      // Size amplification: nested builders.
      let text = `"${"a".repeat(1 + Math.floor(r() * 64))}"`;
      const fn = pick(r, ["replaceall(\"a\", %, %)", "strcat(%, %, %)", "join(\",\", {%, %})", "join(%)", "toUpper(%)", "regexps(\"(a)\", %, \"\\\\1\\\\1\")", "split(%)"]);
      for (let i = 0; i < n; i++) text = fn.replaceAll("%", text).slice(0, 1 << 16);
      return { kind: "expr", text: `size(${text})` };
    }
    case 4: {
      // Deep and wide.
      const depth = Math.floor(r() * 30_000);
      const form = pick(r, ["x + ", "a.", "(", "-", "{", "!"]);
      const close = form === "(" ? ")" : form === "{" ? "}" : "";
      return { kind: "expr", text: form.repeat(depth) + "1" + close.repeat(depth) };
    }
    default: {
      // A mutated dump in one of the four formats.
      const format = pick(r, ["long", "new", "json", "xml"]);
      let text = base[format] as string;
      for (let i = 0; i < n; i++) {
        const at = Math.floor(r() * text.length);
        const op = Math.floor(r() * 4);
        if (op === 0) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 20));
        else if (op === 1) text = text.slice(0, at) + pick(r, TOKENS) + text.slice(at);
        else if (op === 2) text = text.slice(0, at) + String.fromCharCode(Math.floor(r() * 256)) + text.slice(at);
        else text = text.slice(0, at) + text.slice(at, at + 200) + text.slice(at);
      }
      return { kind: "dump", text, format };
    }
  }
}

/**
 * Per ad of a dump written in `format`, its text with the separators on both sides (a blank line
 * in -long, the `,` lines of new and JSON, the blank line after `</c>` in XML) as they were
 * written: where this text is found whole in a mutated dump, no mutation touched that ad.
 */
function intactForms(text: string, format: string, ads: number): string[] {
  const separator = format === "long" ? "\n\n" : format === "xml" ? "</c>\n\n" : "\n,\n";
  const forms: string[] = [];
  let from = 0;
  for (let i = 0; i < ads; i++) {
    const end = i === ads - 1 ? text.length : text.indexOf(separator, from) + separator.length;
    const start = i === 0 ? 0 : Math.max(0, from - separator.length);
    forms.push(text.slice(start, end));
    from = end;
  }
  return forms;
}

function fuzz(seed: number, count: number): void {
  const r = rng(seed);
  const pool = Array.from({ length: 20 }, (_, i) => {
    const ad = new ClassAd();
    ad.setText("Name", `"slot${i}@host"`);
    ad.setText("Memory", String(1024 * (i + 1)));
    ad.setText("Requirements", "TARGET.RequestMemory <= Memory && (Arch == \"X86_64\" || Arch =?= undefined)");
    ad.setText("Tags", '{ "a", "b", [ x = 1; y = "z" ] }');
    return ad;
  });
  const base = Object.fromEntries((["long", "new", "json", "xml"] as const).map((f) => [f, formatAds(pool, f)]));
  const intact = Object.fromEntries(Object.entries(base).map(([f, text]) => [f, intactForms(text, f, pool.length)]));
  const started = Date.now();
  let untyped = 0;
  let slow = 0;
  let slowest = 0;
  let lostAds = 0;
  let lostUntouched = 0;
  let checkedAds = 0;
  for (let i = 0; i < count; i++) {
    const input = generate(r, base);
    const t0 = performance.now();
    try {
      if (input.kind === "expr") {
        const tree = parseExpression(input.text);
        evaluateWithStatus(tree, { my: pool[0] });
        unparse(tree);
        externalReferences(tree, pool[0]);
      } else {
        // Every other dump is read as its format says (so that every ad's fate can be checked),
        // the others with the format detected as HTCondor's -ads:auto does (a mutated header then
        // makes a dump of another format, HTCondor's answer too).
        const declared = i % 2 === 1;
        const read = declared ? parseAds(input.text, { format: input.format as "long" | "new" | "json" | "xml" }) : parseAds(input.text);
        // An ad is lost only if neither delivered nor dropped with a fault.
        if (read.summary.faults === 0 && read.ads.length + read.summary.adsDropped === 0 && input.text.trim() !== "") {
          lostAds++;
          if (lostAds <= 3) console.error(`read as nothing: ${JSON.stringify(input.text.slice(0, 300))}`);
        }
        for (const ad of read.ads) for (const _ of ad.entries()) void _;
        // Every ad whose text and both separators around it came through the mutations unchanged
        // must be delivered: a fault elsewhere may not take it.
        const delivered = new Set(read.ads.map((ad) => {
          const name = ad.evaluate("Name");
          return name.kind === "string" ? name.v : "";
        }));
        if (declared) (intact[input.format as string] as string[]).forEach((form, i) => {
          // The first ad's form starts the document: it is intact only there.
          if (i === 0 ? !input.text.startsWith(form) : !input.text.includes(form)) return;
          checkedAds++;
          if (!delivered.has(`slot${i}@host`)) {
            lostUntouched++;
            if (lostUntouched <= 3) {
              console.error(`untouched ad ${i} lost (${input.format}): ${read.ads.length} ads, ${read.summary.faults} faults, delivered ${[...delivered].join(" ")}`);
              if (process.env.CLASSAD_FUZZ_DUMP !== undefined) writeFileSync(`${process.env.CLASSAD_FUZZ_DUMP}.${lostUntouched}`, input.text, "latin1");
            }
          }
        });
      }
    } catch (error) {
      if (!(error instanceof ClassAdParseError) && !(error instanceof ClassAdLimitError)) {
        untyped++;
        if (untyped <= 5) console.error(`untyped ${(error as Error).name}: ${(error as Error).message} on ${JSON.stringify(input.text.slice(0, 120))}`);
      }
    }
    const ms = performance.now() - t0;
    if (ms > slowest) slowest = ms;
    if (ms > 1000) {
      slow++;
      if (slow <= 5) console.error(`slow ${ms.toFixed(0)} ms on ${JSON.stringify(input.text.slice(0, 120))}`);
    }
  }
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    `seed ${seed}, ${count} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s: ${untyped} untyped exceptions, ` +
      `${slow} over 1 s (slowest ${slowest.toFixed(0)} ms), ${lostAds} dumps read as nothing without a fault, ${lostUntouched} untouched ads lost (of ${checkedAds} checked), peak RSS ${rssMiB.toFixed(0)} MiB`,
  );
}

// ------------------------------------------------------------------------------------ main

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

if (args.includes("--fuzz")) {
  fuzz(Number(option("--seed") ?? 1), Number(option("--count") ?? 10_000));
} else if (option("--case") !== undefined) {
  const name = option("--case") as string;
  const run = CASES[name];
  if (run === undefined) throw new Error(`unknown case ${name}`);
  const t0 = performance.now();
  const answer = run();
  console.log(`${name}: ${(performance.now() - t0).toFixed(0)} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (${answer.slice(0, 60)})`);
} else {
  for (const name of Object.keys(CASES)) {
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--case", name], { encoding: "utf8", timeout: 120_000 });
    process.stdout.write(child.status === 0 ? child.stdout : `${name}: FAILED (status ${child.status}, ${child.signal ?? ""}) ${child.stderr.slice(-300)}\n`);
  }
}
