/** The shared argument parser of every subcommand (src/cli/args.ts). */
import { describe, expect, it } from "vitest";
import { parseCommand, parseNow, parseTimeZone } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/errors.js";

const FILES = {
  name: "files",
  time: true,
  positionals: { min: 1, max: 2, what: "JOB [POOL]" },
  options: { json: { type: "boolean" }, set: { type: "string", multiple: true } },
} as const;

const EXPRESSIONS = {
  name: "eval",
  time: true,
  positionals: { min: 0, max: Infinity, what: "expressions" },
  dashPositionals: true,
  aliases: new Map([["-target-file", "--target"]]),
  refused: new Map([["-debug", "no debug log here"]]),
  options: { target: { type: "string" } },
} as const;

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("no usage error");
}

describe("parseCommand", () => {
  it("takes --name value and --name=value alike, in any order with positionals", () => {
    const a = parseCommand(["job.ad", "--set", "A=1", "pool.ads", "--set=B=2", "--json"], FILES);
    const b = parseCommand(["--json", "--set=A=1", "job.ad", "--set", "B=2", "pool.ads"], FILES);
    expect(a).toEqual(b);
    expect(a.kind === "run" && [a.values, a.positionals]).toEqual([{ set: ["A=1", "B=2"], json: true }, ["job.ad", "pool.ads"]]);
  });

  it("shares --now, --time-zone (alias --tz), --help and --version", () => {
    const r = parseCommand(["a", "--now", "now", "--tz", "Europe/Paris"], FILES);
    expect(r.kind === "run" && [r.now, r.timeZone]).toEqual([{ kind: "clock" }, "Europe/Paris"]);
    const d = parseCommand(["a"], FILES);
    expect(d.kind === "run" && [d.now, d.timeZone]).toEqual([{ kind: "default" }, "UTC"]);
    expect(parseCommand(["-h"], FILES)).toEqual({ kind: "help" });
    expect(parseCommand(["--version"], FILES)).toEqual({ kind: "version" });
  });

  it("refuses unknown options, missing values, option-like values and wrong positional counts", () => {
    expect(usageError(() => parseCommand(["a", "--bogus"], FILES))).toBe("unknown option '--bogus'");
    expect(usageError(() => parseCommand(["a", "-x"], FILES))).toBe("unknown option '-x'");
    expect(usageError(() => parseCommand(["a", "-5"], FILES))).toBe("unknown option '-5'");
    expect(usageError(() => parseCommand(["a", "--set"], FILES))).toBe("--set needs a value");
    expect(usageError(() => parseCommand(["a", "--now", "--json"], FILES))).toContain("--now needs a value (for a value that starts with '-', write --now=VALUE)");
    expect(usageError(() => parseCommand(["a", "--json=yes"], FILES))).toContain("--json");
    expect(usageError(() => parseCommand([], FILES))).toBe("expected JOB [POOL], got none");
    expect(usageError(() => parseCommand(["a", "b", "c"], FILES))).toBe("expected JOB [POOL], got 'a' 'b' 'c'");
    expect(parseCommand(["a", "--", "--json"], FILES)).toMatchObject({ positionals: ["a", "--json"] });
  });

  it("keeps expressions that start with '-' as positionals, but not words that look like options", () => {
    const r = parseCommand(["-5 + 1", "-(a)", "-", "-target-file", "m.ad", "x"], EXPRESSIONS);
    expect(r.kind === "run" && [r.positionals, r.values]).toEqual([["-5 + 1", "-(a)", "-", "x"], { target: "m.ad" }]);
    expect(parseCommand(["-target-file=m.ad"], EXPRESSIONS)).toMatchObject({ values: { target: "m.ad" } });
    expect(usageError(() => parseCommand(["-debug"], EXPRESSIONS))).toBe("no debug log here");
    expect(usageError(() => parseCommand(["-a"], EXPRESSIONS))).toContain("goes after '--'");
    expect(parseCommand(["--", "-a"], EXPRESSIONS)).toMatchObject({ positionals: ["-a"] });
  });
});

describe("--now and --time-zone", () => {
  it("--now: whole seconds, or 'now'", () => {
    expect(parseNow("1783286200")).toEqual({ kind: "given", seconds: 1783286200 });
    expect(parseNow("-5")).toEqual({ kind: "given", seconds: -5 });
    expect(parseNow("now")).toEqual({ kind: "clock" });
    for (const bad of ["1.9", "", " 1", "1e9", "0x10", "soon", "99999999999999999"]) expect(() => parseNow(bad), bad).toThrow(UsageError);
  });

  it("--time-zone: IANA names, 'local', default UTC", () => {
    expect(parseTimeZone(undefined)).toBe("UTC");
    expect(parseTimeZone("America/Chicago")).toBe("America/Chicago");
    expect(parseTimeZone("local")).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(() => parseTimeZone("Mars/Olympus")).toThrow(UsageError);
  });
});
