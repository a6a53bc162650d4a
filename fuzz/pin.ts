/**
 * Pins divergences the campaigns found with HTCondor's own answers: reads the inputs kept in
 * fuzz/pins/ and writes test/data/conformance/pinned/, where test/conformance/pinned.test.ts
 * checks every one of them.
 *
 *   CLASSAD_ORACLE_BIN=... npm run fuzz:pin
 *
 * - eval.txt: one expression a line, evaluated in an empty ad -> pinned/eval.jsonl
 * - unparse.txt: printed back without evaluation -> pinned/unparse.jsonl
 * - context/{my.ad,target.ad,exprs.txt}: evaluated in a match -> pinned/context.jsonl (+ the ads)
 * - convert/*: files converted to each output format -> pinned/convert.jsonl
 * Blank lines and lines starting with `#` are comments. Lines this library answers differently
 * are reported (the pinned answer is HTCondor's either way).
 */
process.env.TZ = "UTC";

import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatAds, parseAds } from "../src/formats/index.js";
import { readContextAd } from "./lib/eval-campaign.js";
import { findOracle, OracleStream, runDriver } from "./lib/oracle.js";
import { OurEvaluator, unparseAnswer } from "./lib/ours.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const PINS = join(HERE, "pins");
const OUT = join(HERE, "../test/data/conformance/pinned");

function lines(file: string): string[] {
  return readFileSync(file, "latin1")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

/** JSON with the byte strings written as UTF-8 text where they are UTF-8 (as the vectors are). */
function jsonLine(record: Record<string, string>): string {
  const decoded = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Buffer.from(v, "latin1").toString("utf8")]));
  return JSON.stringify(decoded);
}

async function main(): Promise<void> {
  const drivers = findOracle();
  if (typeof drivers === "string") {
    console.error(`fuzz:pin: ${drivers}`);
    process.exit(3);
  }
  mkdirSync(OUT, { recursive: true });
  let differing = 0;
  const report = (file: string, input: string, theirs: string, ours: string): void => {
    if (theirs !== ours) {
      differing++;
      console.log(`${file}: ${input}\n  HTCondor: ${theirs}\n  ours:     ${ours}`);
    }
  };

  const evalExprs = lines(join(PINS, "eval.txt"));
  const evalStream = new OracleStream(drivers);
  const evalAnswers = await evalStream.ask(evalExprs);
  evalStream.close();
  const empty = new OurEvaluator();
  writeFileSync(join(OUT, "eval.jsonl"), evalExprs.map((expr, i) => {
    report("eval", expr, evalAnswers[i] as string, empty.answer(expr));
    return jsonLine({ expr, expect: evalAnswers[i] as string });
  }).join("\n") + "\n");

  const unparseExprs = lines(join(PINS, "unparse.txt"));
  const printer = new OracleStream(drivers, ["--unparse"]);
  const printed = await printer.ask(unparseExprs);
  printer.close();
  writeFileSync(join(OUT, "unparse.jsonl"), unparseExprs.map((expr, i) => {
    report("unparse", expr, printed[i] as string, unparseAnswer(expr));
    return jsonLine({ expr, expect: printed[i] as string });
  }).join("\n") + "\n");

  const myFile = join(PINS, "context/my.ad");
  const targetFile = join(PINS, "context/target.ad");
  copyFileSync(myFile, join(OUT, "context-my.ad"));
  copyFileSync(targetFile, join(OUT, "context-target.ad"));
  const contextExprs = lines(join(PINS, "context/exprs.txt"));
  const inMatch = new OracleStream(drivers, ["--ad", myFile, "--target", targetFile]);
  const matchAnswers = await inMatch.ask(contextExprs);
  inMatch.close();
  const ours = new OurEvaluator(readContextAd(readFileSync(myFile, "latin1")), readContextAd(readFileSync(targetFile, "latin1")));
  writeFileSync(join(OUT, "context.jsonl"), contextExprs.map((expr, i) => {
    report("context", expr, matchAnswers[i] as string, ours.answer(expr));
    return jsonLine({ expr, expect: matchAnswers[i] as string });
  }).join("\n") + "\n");

  const conversions: string[] = [];
  for (const name of readdirSync(join(PINS, "convert")).sort()) {
    const file = join(PINS, "convert", name);
    const input = readFileSync(file, "latin1");
    for (const to of ["long", "new", "json", "xml"] as const) {
      const run = runDriver(drivers, drivers.convertBin, ["--to", to, file]);
      report("convert", `${name} -> ${to}`, run.stdout, formatAds(parseAds(input).ads, to, { encoding: "bytes" }));
      conversions.push(jsonLine({ name, input, to, expect: run.stdout }));
    }
  }
  writeFileSync(join(OUT, "convert.jsonl"), conversions.join("\n") + "\n");

  console.log(
    `pinned ${evalExprs.length} eval, ${unparseExprs.length} unparse, ${contextExprs.length} context and ` +
      `${conversions.length} convert vectors (htcondor ${drivers.commit}); ${differing} answered differently here`,
  );
}

await main();
