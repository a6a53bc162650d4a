import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toByteString } from "/work/main/src/ast/bytes.js";
import type { Expr } from "/work/main/src/ast/nodes.js";
import { unparseValue } from "/work/main/src/ast/print.js";
import { ClassAd } from "/work/main/src/eval/classad.js";
import { evaluate } from "/work/main/src/eval/evaluate.js";
import { parseAds } from "/work/main/src/formats/read.js";
import { parseExpression, parseRecord } from "/work/main/src/parser/index.js";

const DIR = "/work/main/test/data/conformance/eval";
const files = process.argv.slice(2).length ? process.argv.slice(2) : ["systematic.jsonl", "typed.jsonl", "random.jsonl", "context.jsonl"];
function readAd(file: string): ClassAd {
  const text = readFileSync(join(DIR, file), "latin1");
  try { const ad = parseAds(text).ads[0]; if (ad) return ad; } catch {}
  return ClassAd.fromRecord(parseRecord(text));
}
const my = readAd("my.ad");
const target = readAd("target.ad");
const out: string[] = [];
for (const file of files) {
  let pass = 0, total = 0;
  for (const line of readFileSync(join(DIR, file), "utf8").split("\n")) {
    if (!line.trim()) continue;
    total++;
    const v = JSON.parse(line) as { expr: string; expect: string };
    const want = toByteString(v.expect);
    let expr: Expr | null = null;
    let got: string;
    try {
      expr = parseExpression(toByteString(v.expr));
      const opts = file === "context.jsonl" ? { my, target, now: 1_700_000_000, timeZone: "UTC" } : { my: new ClassAd(), now: 1_700_000_000, timeZone: "UTC" };
      got = unparseValue(evaluate(expr, opts));
    } catch (e) {
      got = expr === null ? "PARSE_ERROR" : `THROWN ${String(e)} ${(e as Error).stack?.split("\n").slice(1,4).join(" ")}`;
    }
    if (got === want) pass++;
    else out.push(`[${file}] ${v.expr}\n    want ${want}\n    got  ${got}`);
  }
  console.log(`${file}: ${pass}/${total}`);
}
writeFileSync("/tmp/fnconf/failures.txt", out.join("\n"));
console.log(`failures: ${out.length}`);
