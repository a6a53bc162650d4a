/**
 * `classad web`: serve the "Would my job match?" page (dist/web, static files) on 127.0.0.1 and
 * print its URL. The page does all its work in the browser; this server only hands out the
 * page's own files (GET/HEAD, no directory listing, nothing outside the folder).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { defineCommand } from "../command.js";
import { InputError, UsageError } from "../errors.js";
import { findUpwards } from "../shipped-files.js";

const HELP = `usage: classad web [options]

Serve the "Would my job match?" page on 127.0.0.1 and print its URL. Paste a job ad and a pool
dump (or drop the files) and see which slots match, clause by clause, why the others do not,
and what a change would do. Everything runs in the browser; nothing is sent anywhere. The page
is static: dist/web also works opened from disk or from any static host.

options:
  --port N        the port to listen on (default: a free port)
  --dir DIR       serve this folder instead of the bundled page
  -h, --help      show this help
  --version       print the version

Stop it with Ctrl-C. exit status: 0 after a clean stop, 2 on bad usage or when it cannot listen.
`;

const TYPES = new Map<string, string>([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".svg", "image/svg+xml"],
  [".png", "image/png"],
  [".json", "application/json"],
  [".map", "application/json"],
  [".gz", "application/gzip"],
  [".txt", "text/plain; charset=utf-8"],
]);

/** What the page may load: its own files only (the page states the same in a meta tag). */
const POLICY =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The built page: `web/` beside the running `cli/` folder (dist/web), found from the binary's
 * real path (npx runs it through a symlink), else dist/web under the working directory.
 */
export function webDir(): string {
  const found = findUpwards((dir) => {
    for (const candidate of [join(dir, "web"), join(dir, "dist", "web")]) {
      if (existsSync(join(candidate, "index.html"))) return candidate;
    }
    return null;
  });
  return found ?? resolve("dist", "web");
}

export const run = defineCommand({
  name: "web",
  help: HELP,
  options: { port: { type: "string" }, dir: { type: "string" } },
  async run({ values }, io) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (values.port === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port expects an integer from 0 to 65535, got '${values.port}'`);
    }
    const root = resolve(values.dir ?? webDir());
    if (!existsSync(join(root, "index.html"))) throw new InputError(`${root} holds no index.html (run \`npm run build\` first)`);
    const server = createServer((request, response) => serve(root, request, response));
    try {
      await listen(server, port);
    } catch (err) {
      throw new InputError(`cannot listen on 127.0.0.1:${port}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const address = server.address();
    const actual = typeof address === "object" && address !== null ? address.port : port;
    io.write(`Serving the page at http://127.0.0.1:${actual}/ (Ctrl-C to stop)\n`);
    await stopped(server);
    return 0;
  },
});

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolveListen();
    });
  });
}

/** Resolves when SIGINT or SIGTERM closes the server. */
function stopped(server: Server): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close(() => resolveStop());
      server.closeAllConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function serve(root: string, request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("Content-Security-Policy", POLICY);
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "no-referrer");
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  const file = fileFor(root, request.url ?? "/");
  if (file === null) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  const body = readFileSync(file);
  response.writeHead(200, {
    "Content-Type": TYPES.get(extname(file)) ?? "application/octet-stream",
    "Content-Length": body.length,
    "Cache-Control": "no-cache",
  });
  response.end(request.method === "HEAD" ? undefined : body);
}

/** The file a URL path names inside `root`, or null (outside it, missing, or a folder without index.html). */
function fileFor(root: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, "http://127.0.0.1").pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    if (statSync(file).isDirectory()) file = join(file, "index.html");
    if (!statSync(file).isFile()) return null;
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    return real.startsWith(realRoot + sep) ? real : null;
  } catch {
    return null;
  }
}
