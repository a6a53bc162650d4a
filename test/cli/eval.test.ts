/** `classad eval`, run in-process with a fake CliIO. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/eval.js";
import { fakeIO } from "./fake-io.js";

async function evalCli(argv: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIO(stdin === undefined ? {} : { stdin });
  const code = await run(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("classad eval", () => {
  it("prints one value per expression", async () => {
    const result = await evalCli(["1 + 2", '"a" == "A"', "1.5"]);
    expect(result).toEqual({ code: 0, out: "3\ntrue\n1.500000000000000E+00\n", err: "" });
  });

  it("assignments and inline ads update the context, as classad_eval's do", async () => {
    const result = await evalCli(["x = y", "x", "y = 7", "x", "[ x = 6; z = \"foo\" ]", "x", "z", "a=2", "a*2"]);
    expect(result.out).toBe('undefined\n7\n6\n"foo"\n4\n');
  });

  it("reads one expression per stdin line, one output line each", async () => {
    const result = await evalCli([], "1+1\n(\n\nstrcat(\"a\", \"b\")\r\n");
    expect(result.out).toBe('2\nPARSE_ERROR\nPARSE_ERROR\n"ab"\n');
    expect(result.err).toContain("classad eval: stdin line 2, column 2: ");
    expect(result.err).toContain("classad eval: stdin line 3, column 1: ");
    // Every line is answered; a line that did not parse makes the status 2 (bad input).
    expect(result.code).toBe(2);
  });

  it("--unparse prints the canonical form", async () => {
    const result = await evalCli(["--unparse", "a =?= b", "--", "-a"]);
    expect(result.out).toBe("a is b\n -a\n");
  });

  it("--my and --target evaluate in a match; --now sets the clock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-eval-"));
    const my = join(dir, "job.ad");
    const target = join(dir, "slot.ad");
    writeFileSync(my, 'RequestMemory = 2048\nName = "job \\"q\\""\n', "latin1");
    writeFileSync(target, "Memory = 4096\nArch = \"X86_64\"\n", "latin1");
    const result = await evalCli(["--my", my, "--target", target, "--now", "1000", "TARGET.Memory >= RequestMemory", "Arch", "CurrentTime", "Name"]);
    expect(result.out).toBe('true\n"X86_64"\n1000\n"job \\"q\\""\n');
  });

  it("--strict disables the TARGET fallback", async () => {
    const dir = mkdtempSync(join(tmpdir(), "classad-eval-"));
    const target = join(dir, "slot.ad");
    writeFileSync(target, "Memory = 4096\n", "latin1");
    expect((await evalCli(["--target", target, "Memory"])).out).toBe("4096\n");
    expect((await evalCli(["--strict", "--target", target, "Memory"])).out).toBe("undefined\n");
  });

  it("bytes round-trip: non-ASCII text is printed as HTCondor escapes it", async () => {
    const result = await evalCli(['"é"']);
    expect(result.out).toBe('"\\303\\251"\n');
  });

  it("--help exits 0, bad usage exits 2", async () => {
    expect((await evalCli(["--help"])).code).toBe(0);
    expect((await evalCli(["--bogus"])).code).toBe(2);
    expect((await evalCli(["--now"])).code).toBe(2);
    expect((await evalCli(["--now", "soon", "1"])).code).toBe(2);
    expect((await evalCli(["--my", "/nonexistent/file", "1"])).code).toBe(2);
  });

  it("negative numbers are expressions, not options", async () => {
    expect((await evalCli(["-5 + 1"])).out).toBe("-4\n");
  });
});
