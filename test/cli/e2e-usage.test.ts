/**
 * The command's edges, end to end on the built binary, one test per reproduction of issue #13
 * (part A): classad_eval's flags, parse errors, closed pipes, saved dumps judged at their own
 * time, one time zone and one `--now` rule for every subcommand, `--flag=value`, gzip and `-` for
 * every ad file, `--version`, usage on stderr, missing files named, several jobs in one job file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, classad, ensureBuilt, ROOT, runProcess } from "./built-cli.js";

const SAMPLE = join(ROOT, "samples", "ospool-143.ads.gz");
const VANILLA = join(ROOT, "samples", "jobs", "vanilla.ad");
const GPU = join(ROOT, "samples", "jobs", "gpu.ad");
const CONTAINER = join(ROOT, "samples", "jobs", "ospool-container.ad");
/** The latest MyCurrentTime of the sample's slots: the time the dump was taken. */
const SAMPLE_TIME = 1783286387;

const dir = mkdtempSync(join(tmpdir(), "classad-usage-"));
const machine = join(dir, "machine.ad");
writeFileSync(machine, 'Memory = 4096\nArch = "X86_64"\n');
const myAd = join(dir, "my.ad");
writeFileSync(myAd, "[ x = 7; z = 10; ]\n");
const targetAd = join(dir, "target.ad");
writeFileSync(targetAd, "[ x = 8; y = 9; ]\n");
/** `condor_q -long` of three jobs: 1001.0, 1003.0, 1002.0. */
const queue = join(dir, "queue.ads");
writeFileSync(queue, [VANILLA, GPU, CONTAINER].map((f) => readFileSync(f, "utf8")).join("\n"));

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

/** A shell pipeline; the classad process (command `at` of it) has its stderr in a file and its status printed last. */
async function pipeline(command: string, at: number): Promise<{ stdout: string; stderr: string; status: number }> {
  const errFile = join(dir, `stderr-${Math.random().toString(36).slice(2)}`);
  const script = command.replace("CLASSAD", `"${process.execPath}" "${CLI}"`).replace("2>ERR", `2>"${errFile}"`);
  const r = await runProcess("bash", ["-c", `${script}; echo "status=\${PIPESTATUS[${at}]}"`]);
  const match = /status=(\d+)\n$/.exec(r.stdout);
  return { stdout: r.stdout.slice(0, match?.index ?? 0), stderr: readFileSync(errFile, "utf8"), status: Number(match?.[1]) };
}

describe("classad eval follows classad_eval", () => {
  it("understands -target-file, -file, -my-file and -quiet, as HTCondor 25's classad_eval", async () => {
    const r = await classad(["eval", "-target-file", machine, "TARGET.Memory"]);
    expect(r).toEqual({ code: 0, stdout: "4096\n", stderr: "" });
    // classad_eval's own test cases (src/condor_tests/test_classad_eval.py), with -quiet.
    const cases: [string[], string][] = [
      [["-quiet", "-file", myAd, "x"], "7\n"],
      [["-quiet", "-my-file", myAd, "MY.x"], "7\n"],
      [["-quiet", "-my-file", myAd, "TARGET.x"], "undefined\n"],
      [["-quiet", "-target-file", targetAd, "x"], "8\n"],
      [["-quiet", "-target-file", targetAd, "MY.x"], "undefined\n"],
      [["-quiet", "-my-file", myAd, "-target-file", targetAd, "x", "MY.x", "TARGET.x", "y", "z"], "7\n7\n8\n9\n10\n"],
      [["x = y", "y = 7", "x"], "7\n"],
    ];
    for (const [args, out] of cases) expect((await classad(["eval", ...args])).stdout, args.join(" ")).toBe(out);
  });

  it("refuses flags it does not know, and -debug, with exit 2; never evaluates them", async () => {
    for (const args of [["-target", machine, "TARGET.Memory"], ["-bogus", "1"], ["-debug", "1"], ["--frobnicate", "1"]]) {
      const r = await classad(["eval", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr, args.join(" ")).toMatch(/^classad eval: /);
    }
    // An expression that starts with '-' and a letter goes after '--'; '-5 + 1' needs nothing.
    expect((await classad(["eval", "--", "-x"])).stdout).toBe("undefined\n");
    expect((await classad(["eval", "-5 + 1"])).stdout).toBe("-4\n");
  });

  it("a parse error names line and column with a caret, and exits 2", async () => {
    const r = await classad(["eval", "1 + 1", "a +", "2"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("2\n");
    expect(r.stderr).toBe("classad eval: argument 2, line 1, column 4: unexpected end of input (CA1011)\n  a +\n     ^\n");
    const multi = await classad(["eval", "(1 +\n 2 ++ )"]);
    expect(multi.code).toBe(2);
    expect(multi.stderr).toMatch(/line 2, column \d+: /);
  });

  it("a stdin batch answers every line, PARSE_ERROR for a bad one, then exits 2", async () => {
    const r = await classad(["eval"], { stdin: "1 + 1\na +\n3\n" });
    expect(r.stdout).toBe("2\nPARSE_ERROR\n3\n");
    expect(r.stderr).toMatch(/^classad eval: stdin line 2, column 4: /);
    expect(r.code).toBe(2);
    expect((await classad(["eval"], { stdin: "1 + 1\n" })).code).toBe(0);
  });
});

describe("a closed output pipe", () => {
  it("ends convert quietly with status 141 (128 + SIGPIPE)", async () => {
    const r = await pipeline(`CLASSAD convert --to long "${SAMPLE}" 2>ERR | head -1`, 0);
    expect(r.stdout.split("\n").length).toBe(2);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(141);
  });

  it("ends an eval batch quietly", async () => {
    const r = await pipeline("seq 1 200000 | CLASSAD eval 2>ERR | head -1", 1);
    expect(r.stdout).toBe("1\n");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(141);
  });
});

describe("saved dumps are judged at their own time", () => {
  it("analyze without --now evaluates at the dump's time and says so", async () => {
    const r = await classad(["analyze", VANILLA, SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Verdict: matches 27 of 143 slots.");
    expect(r.stdout).toContain(`evaluated at now = ${SAMPLE_TIME}`);
    expect(r.stderr).toBe(`classad analyze: evaluating at the dump's time, 2026-07-05 21:19:47 UTC (--now ${SAMPLE_TIME}); --now now evaluates at the current time\n`);
  });

  it("--json carries the time and where it came from, with nothing on stderr", async () => {
    const r = await classad(["analyze", VANILLA, SAMPLE, "--json"]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect([report.now, report.nowSource, report.verdict.matches]).toEqual([SAMPLE_TIME, "dump", 27]);
    const given = JSON.parse((await classad(["analyze", VANILLA, SAMPLE, "--json", "--now", String(SAMPLE_TIME)])).stdout);
    expect([given.now, given.nowSource]).toEqual([SAMPLE_TIME, "option"]);
  });

  it("match does the same; --now now asks for the clock", async () => {
    const r = await classad(["match", VANILLA, SAMPLE, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect([out.now, out.nowSource, out.matches.length]).toEqual([SAMPLE_TIME, "dump", 27]);
    const text = await classad(["match", VANILLA, SAMPLE]);
    expect(text.stdout).toMatch(/^27 of 143 slots match$/m);
    expect(text.stderr).toContain("evaluating at the dump's time");
    const clock = JSON.parse((await classad(["match", VANILLA, SAMPLE, "--json", "--now", "now"])).stdout);
    expect(clock.nowSource).toBe("clock");
    expect(Math.abs(clock.now - Date.now() / 1000)).toBeLessThan(600);
  });
});

describe("one rule for every subcommand", () => {
  it("the same default time zone (UTC) whatever the host's, so formatTime answers alike", async () => {
    const env = { ...process.env, CI: "1", TZ: "America/Chicago" };
    const job = join(dir, "hour-job.ad");
    writeFileSync(job, 'MyType = "Job"\nRequirements = formatTime(CurrentTime, "%H") == "21"\n');
    const now = String(SAMPLE_TIME);
    expect((await classad(["eval", "--now", now, 'formatTime(CurrentTime, "%H")'], { env })).stdout).toBe('"21"\n');
    expect((await classad(["match", job, SAMPLE, "--now", now, "--one-way"], { env })).stdout).toMatch(/^143 of 143 slots match$/m);
    expect((await classad(["analyze", job, SAMPLE, "--now", now], { env })).stdout).toMatch(/^\[1\] +143 +143 +formatTime/m);
    // --time-zone (and eval's old --tz) choose another zone; 'local' is the host's.
    expect((await classad(["eval", "--now", now, "--tz", "America/Chicago", 'formatTime(CurrentTime, "%H")'])).stdout).toBe('"16"\n');
    expect((await classad(["eval", "--now", now, "--time-zone=local", 'formatTime(CurrentTime, "%H")'], { env })).stdout).toBe('"16"\n');
    expect((await classad(["match", job, SAMPLE, "--now", now, "--one-way", "--time-zone", "America/Chicago"], { env })).code).toBe(1);
  });

  it("the same --now rule: whole seconds or 'now'; fractions and empty values are refused", async () => {
    // Every subcommand in process: test/cli/shared-options.test.ts; here the binary, once each way.
    const fraction = await classad(["analyze", VANILLA, SAMPLE, "--now", "1.9"]);
    expect([fraction.code, fraction.stdout]).toEqual([2, ""]);
    expect(fraction.stderr).toContain("--now expects whole seconds since the epoch (e.g. 1783286200) or 'now', got '1.9'");
    expect((await classad(["eval", "--now="])).code).toBe(2);
    expect((await classad(["eval", `--now=${SAMPLE_TIME}`, "time()"])).stdout).toBe(`${SAMPLE_TIME}\n`);
  });

  it("--flag=value, gzip and - for every ad file", async () => {
    expect((await classad(["eval", `--my=${SAMPLE}`, "Cpus >= 0"])).stdout).toBe("true\n");
    const stdin = readFileSync(machine);
    expect((await classad(["eval", "--my", "-", "Memory"], { stdin })).stdout).toBe("4096\n");
    expect((await classad(["eval", `--target=-`, "TARGET.Memory"], { stdin })).stdout).toBe("4096\n");
    expect((await classad(["match", VANILLA, "-", "--json", "--now=now"], { stdin: readFileSync(SAMPLE) })).code).toBe(1);
    expect((await classad(["convert", "--to=json", SAMPLE])).stdout.startsWith("[\n")).toBe(true);
  });

  it("--version; no arguments: usage on stderr, exit 2", async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
    for (const args of [["--version"], ["match", "--version"]]) {
      expect(await classad(args), args.join(" ")).toEqual({ code: 0, stdout: `classad ${version}\n`, stderr: "" });
    }
    const none = await classad([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("usage: classad <command>");
  });

  it("names a missing or unreadable file as such", async () => {
    const missing = join(dir, "job.ad");
    const cases = [
      ["analyze", missing, SAMPLE],
      ["match", VANILLA, missing],
      ["analyze", dir, SAMPLE],
    ];
    for (const args of cases) {
      const r = await classad(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr, args.join(" ")).toMatch(/^classad \w+: cannot read \S+: (no such file|is a directory)\n$/);
    }
  });
});

describe("several jobs in one job file (condor_q -long)", () => {
  it("analyze reports on every job, in order; --job picks one", async () => {
    const r = await classad(["analyze", queue, SAMPLE]);
    expect(r.code).toBe(0);
    expect([...r.stdout.matchAll(/^=== Job (\S+) \((\d) of 3\) ===$/gm)].map((m) => m[1])).toEqual(["1001.0", "1003.0", "1002.0"]);
    expect([...r.stdout.matchAll(/^Verdict: matches (\d+) of 143 slots\.$/gm)].map((m) => Number(m[1]))).toEqual([27, 1, 90]);
    expect(r.stdout).toContain("3 of 3 jobs match at least one slot.");
    const one = await classad(["analyze", queue, SAMPLE, "--job", "1003.0", "--json"]);
    expect(JSON.parse(one.stdout).verdict.matches).toBe(1);
    const none = await classad(["analyze", queue, SAMPLE, "--job", "7"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("holds no job 7 (it holds 1001.0, 1003.0, 1002.0)");
  });

  it("match lists the slots of every job", async () => {
    const r = await classad(["match", queue, SAMPLE, "--json"]);
    const out = JSON.parse(r.stdout);
    expect(out.jobs.map((j: { job: string; matches: unknown[] }) => [j.job, j.matches.length])).toEqual([
      ["1001.0", 27],
      ["1003.0", 1],
      ["1002.0", 90],
    ]);
  });
});
