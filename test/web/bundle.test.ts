/**
 * The built page (dist/web, made by `npm run build`): static files only, the JavaScript loaded
 * before any input within 80 KB gzip, the engine and the regex engine in a separate file loaded
 * later, nothing referring outside the page's own files.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/built-cli.js";

const WEB = join(ROOT, "dist", "web");
/** The budget for the JavaScript a visitor downloads before giving any input. */
export const FIRST_JS_BUDGET = 80 * 1024;

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string);
}

describe("dist/web", () => {
  it("holds the page's static files, the engine and the bundled OSPool sample", () => {
    const files = readdirSync(WEB).sort();
    expect(files).toEqual(["app.js", "engine.js", "index.html", "ospool-143.ads.gz", "sample.js", "style.css"]);
    expect(readFileSync(join(WEB, "ospool-143.ads.gz")).equals(readFileSync(join(ROOT, "samples", "ospool-143.ads.gz")))).toBe(true);
  });

  it("loads only app.js up front, within 80 KB gzip; the engine (with the regex engine) is a separate file", () => {
    const html = readFileSync(join(WEB, "index.html"), "utf8");
    expect(scriptsOf(html)).toEqual(["app.js"]);
    const app = readFileSync(join(WEB, "app.js"));
    const gzipped = gzipSync(app, { level: 9 }).length;
    console.log(`first JS: app.js ${app.length} bytes, ${gzipped} bytes gzip (budget ${FIRST_JS_BUDGET})`);
    expect(gzipped).toBeLessThanOrEqual(FIRST_JS_BUDGET);
    const engine = readFileSync(join(WEB, "engine.js"), "utf8");
    // The regex engine and the parser live in engine.js only.
    expect(engine).toContain("RE2");
    expect(app.toString("utf8")).not.toContain("RE2");
    expect(app.toString("utf8")).not.toContain("chevrotain");
  });

  it("refers to nothing outside its own files (no URL with a host, a policy allowing only 'self')", () => {
    for (const file of ["index.html", "app.js", "style.css"]) {
      const text = readFileSync(join(WEB, file), "utf8");
      const hosts = [...text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi)].map((m) => m[0]).filter((u) => !u.startsWith("http://www.w3.org"));
      expect(hosts, file).toEqual([]);
    }
    const html = readFileSync(join(WEB, "index.html"), "utf8");
    expect(html).toMatch(/http-equiv="Content-Security-Policy" content="default-src 'self';/);
  });

  it("is built from classad/core alone: no Node module in the page's scripts", () => {
    for (const file of ["app.js", "engine.js"]) {
      const text = readFileSync(join(WEB, file), "utf8");
      // (Printed as the matches only: the bundles are too long to show.)
      expect(text.match(/["']node:[a-z_/]+["']/g) ?? [], file).toEqual([]);
      expect(text.match(/\bimport\s*\(|^import\s|\bimportScripts\(/gm) ?? [], file).toEqual([]);
    }
    expect(existsSync(join(WEB, "engine.js"))).toBe(true);
  });
});
