/**
 * The package as npm users get it: `npm pack`, then installed into a fresh project outside the
 * repository. Checked: what the tarball holds (licence, docs the README links to, one copy of the
 * code per module format, no source maps), publint and @arethetypeswrong/cli on the tarball, and
 * consumers in ESM, CommonJS and TypeScript (node16 and bundler resolution) that compile and run,
 * and the `classad` binary. Slow (a real `npm install` from the local npm cache): about 30 s.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/built-cli.js";

const BIN = join(ROOT, "node_modules", ".bin");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
  engines: { node: string };
};

let work: string;
let tarball: string;
let unpacked: string;
let packedFiles: string[];

function run(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

function runAsync(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(" ")}: ${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

beforeAll(async () => {
  await ensureBuilt();
  work = mkdtempSync(join(tmpdir(), "classad-pack-"));
  const report = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], ROOT)) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, report[0].filename);
  packedFiles = report[0].files.map((f) => f.path).sort();
  unpacked = join(work, "unpacked");
  mkdirSync(unpacked);
  run("tar", ["-xzf", tarball, "-C", unpacked], work);
}, 300_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds the licence, the changelog, the docs, and no source maps", () => {
    for (const file of ["LICENSE", "README.md", "CHANGELOG.md", "package.json", "dist/THIRD-PARTY-LICENSES.txt", "docs/api.md", "docs/cli.md"]) {
      expect(packedFiles, file).toContain(file);
    }
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(packedFiles.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("every relative link of the README resolves inside the package", () => {
    const readme = readFileSync(join(unpacked, "package", "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] as string).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    const missing = links.filter((link) => !existsSync(normalize(join(unpacked, "package", link))));
    expect(missing).toEqual([]);
  });

  it("declares where the project lives, one address throughout", () => {
    const repo = /^git\+(https:\/\/github\.com\/[^/]+\/[^/.]+)\.git$/.exec(pkg.repository.url)?.[1];
    expect(repo).toBeDefined();
    expect(pkg.homepage.startsWith(`${repo}#`)).toBe(true);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
  });

  it("holds one copy of the code per module format", () => {
    const code = (ext: string): string[] => packedFiles.filter((f) => f.startsWith("dist/") && f.endsWith(ext));
    // Pieces of every layer, and of the inlined chevrotain: each must be in one file per format.
    const markers = ["var ClassAdGrammar =", "function matchPool(", "function analyze(", "var EmbeddedActionsParser =", "function parseRecord("];
    for (const [ext, files] of [
      [".js", code(".js")],
      [".cjs", code(".cjs")],
    ] as const) {
      const texts = files.map((f) => readFileSync(join(unpacked, "package", f), "utf8"));
      for (const marker of markers) expect(texts.filter((t) => t.includes(marker)).length, `${marker} in ${ext} files`).toBe(1);
    }
    // The binary is a thin entry point on the library's chunks, not a bundle of its own.
    expect(readFileSync(join(unpacked, "package", "dist", "cli", "main.js"), "utf8").length).toBeLessThan(10_000);
  });
});

describe("package linters", () => {
  it("publint finds nothing", () => {
    const out = run(join(BIN, "publint"), ["run", tarball, "--strict"], work);
    expect(out).toContain("All good!");
  }, 120_000);

  it("@arethetypeswrong/cli finds nothing, in every resolution mode", () => {
    const out = run(join(BIN, "attw"), [tarball, "--format", "json"], work);
    const report = JSON.parse(out) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  }, 120_000);
});

describe("installed in a fresh project", () => {
  let project: string;

  beforeAll(() => {
    project = join(work, "consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    // No dependency to fetch: chevrotain and re2js are inlined in the build.
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], project);
  }, 300_000);

  const check = `
    const ad = classad.ClassAd.fromJS({ Owner: "Jos\u00e9", RequestMemory: 2048 });
    const value = core.evaluate("RequestMemory * 2", { my: ad });
    if (value.kind !== "int" || value.v !== 4096) throw new Error(JSON.stringify(value));
    if (ad.getString("Owner") !== "Jos\u00e9") throw new Error(ad.getString("Owner"));
    const parsed = classad.parseAds('Memory = 4096\\nOwner = "Jos\u00e9"\\n').ads[0];
    if (parsed.getInteger("Memory") !== 4096 || parsed.getString("Owner") !== "Jos\u00e9") throw new Error("parseAds");
    // The regex engine is inlined and loaded on first use.
    const matched = core.evaluate('replaceall("b+", "abbc", "X")');
    if (matched.kind !== "string" || matched.v !== "aXc") throw new Error(JSON.stringify(matched));
    console.log("ok");
  `;

  it("works from ESM", () => {
    writeFileSync(join(project, "esm.mjs"), `import * as classad from "classad";\nimport * as core from "classad/core";\n${check}`);
    expect(run(process.execPath, ["esm.mjs"], project).trim()).toBe("ok");
  });

  it("works from CommonJS", () => {
    writeFileSync(join(project, "cjs.cjs"), `const classad = require("classad");\nconst core = require("classad/core");\n${check}`);
    expect(run(process.execPath, ["cjs.cjs"], project).trim()).toBe("ok");
  });

  it("type-checks from TypeScript with node16 and bundler resolution", async () => {
    const source = `
      import { ClassAd, parseAds, type Value } from "classad";
      import { evaluate, unparse, parseExpression } from "classad/core";
      const ad: ClassAd = ClassAd.fromJS({ RequestMemory: 2048 });
      const v: Value = evaluate("RequestMemory * 2", { my: ad });
      const text: string = unparse(parseExpression("a =?= b"));
      const n: number = parseAds("A = 1\\n").ads.length;
      export { v, text, n };
    `;
    writeFileSync(join(project, "node16.mts"), source);
    writeFileSync(join(project, "node16-cjs.cts"), source.replace(/^\s*export \{.*$/m, "export = { v, text, n };"));
    writeFileSync(join(project, "bundler.ts"), source);
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    // Library checking is skipped: exports.test.ts checks the declaration files themselves.
    const common = ["--noEmit", "--strict", "--skipLibCheck", "--typeRoots", join(ROOT, "node_modules", "@types"), "--types", "node", "--target", "es2022"];
    await Promise.all([
      runAsync(process.execPath, [tsc, ...common, "--module", "node16", "--moduleResolution", "node16", "node16.mts", "node16-cjs.cts"], project),
      runAsync(process.execPath, [tsc, ...common, "--module", "esnext", "--moduleResolution", "bundler", "bundler.ts"], project),
    ]);
  }, 120_000);

  it("installs the classad binary", () => {
    expect(run(join(project, "node_modules", ".bin", "classad"), ["--version"], project).trim()).toBe(`classad ${pkg.version}`);
    expect(run(join(project, "node_modules", ".bin", "classad"), ["eval", "1 + 1"], project)).toBe("2\n");
    expect(existsSync(join(project, "node_modules", "classad", "samples", "jobs", "vanilla.ad"))).toBe(true);
    expect(existsSync(join(project, "node_modules", "classad", "docs", "cli.md"))).toBe(true);
  });
});
