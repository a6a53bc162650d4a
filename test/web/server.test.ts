/** `classad web`: the page's own files on 127.0.0.1, and nothing else. */
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classad, ensureBuilt, ROOT } from "../cli/built-cli.js";
import { serve, type Served } from "./browser.js";

function get(url: string, method = "GET"): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("classad web", () => {
  let served: Served;
  beforeAll(async () => {
    await ensureBuilt();
    served = await serve();
  }, 300_000);
  afterAll(async () => {
    await served?.stop();
  });

  it("prints a 127.0.0.1 URL and serves the built page with its policy", async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(served.url);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toMatch(/^default-src 'self'/);
    expect(page.body.equals(readFileSync(join(ROOT, "dist", "web", "index.html")))).toBe(true);
    const app = await get(`${served.url}app.js`);
    expect(app.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    const sample = await get(`${served.url}ospool-143.ads.gz`, "HEAD");
    expect(sample.status).toBe(200);
    expect(sample.body.length).toBe(0);
  });

  it("serves nothing outside its folder, lists no folder, accepts only GET and HEAD", async () => {
    for (const path of ["../package.json", "%2e%2e/package.json", "..%2fpackage.json", "missing.js", "%00"]) {
      expect((await get(`${served.url}${path}`)).status, path).toBe(404);
    }
    expect((await get(served.url, "POST")).status).toBe(405);
  });

  it("rejects a bad port and says so", async () => {
    const r = await classad(["web", "--port", "99999"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--port expects an integer from 0 to 65535");
    expect((await classad(["web", "--help"])).stdout).toContain("usage: classad web");
  });
});
