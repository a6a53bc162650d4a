/**
 * A HostView over a fixture under test/data/probe/<name>: `root/` is the host's file tree and
 * `host.json` gives the rest (uname, environment, statfs answers, and the fake runner's replies).
 * The fake runner answers only the exact command lines listed; a listed program called with other
 * arguments exits 1, an unlisted program is "not found" (ENOENT). Every call is recorded.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { FsSpace, HostView, RunResult } from "../../src/probe/node.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "probe");

interface CommandReply {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly timedOut?: boolean;
}

interface HostJson {
  readonly description: string;
  readonly root?: string;
  readonly hostname: string;
  readonly uname: HostView["uname"];
  readonly cwd: string;
  readonly uid: number;
  readonly osCpuCount: number;
  readonly osTotalMemory: number;
  readonly env: Record<string, string>;
  readonly statfs: Record<string, FsSpace>;
  readonly commands: readonly CommandReply[];
}

export interface FixtureView extends HostView {
  /** Command lines run so far, as "cmd arg arg ...". */
  readonly calls: string[];
  /** Replies that override the fixture's (by exact command line), for tests that change the host. */
  readonly overrides: Map<string, Partial<RunResult>>;
}

export function fixtureView(name: string, patch: { env?: Record<string, string> } = {}): FixtureView {
  const dir = path.join(FIXTURES, name);
  const host = JSON.parse(readFileSync(path.join(dir, "host.json"), "utf8")) as HostJson;
  const root = path.resolve(dir, host.root ?? "root");
  const calls: string[] = [];
  const overrides = new Map<string, Partial<RunResult>>();
  const statfsEntries = Object.entries(host.statfs).sort((a, b) => b[0].length - a[0].length);
  const env = new Map(Object.entries({ ...host.env, ...(patch.env ?? {}) }));
  return {
    root,
    env,
    hostname: host.hostname,
    uname: host.uname,
    cwd: host.cwd,
    uid: host.uid,
    osCpuCount: host.osCpuCount,
    osTotalMemory: host.osTotalMemory,
    calls,
    overrides,
    statfs(hostPath: string): FsSpace | null {
      // The longest listed mount point containing the path answers, as a real mount table would.
      const hit = statfsEntries.find(([mount]) => mount === "/" || hostPath === mount || hostPath.startsWith(mount + "/"));
      return hit ? hit[1] : null;
    },
    async run(cmd, args): Promise<RunResult> {
      const line = [cmd, ...args].join(" ");
      calls.push(line);
      const same = (reply: CommandReply): boolean => reply.cmd === cmd && reply.args.length === args.length && reply.args.every((a, i) => a === args[i]);
      const reply = host.commands.find(same);
      const override = overrides.get(line);
      if (reply || override) {
        const base: RunResult = {
          code: reply?.code ?? null,
          stdout: reply?.stdout ?? "",
          stderr: reply?.stderr ?? "",
          timedOut: reply?.timedOut ?? false,
        };
        return { ...base, ...override };
      }
      if (host.commands.some((c) => c.cmd === cmd)) {
        return { code: 1, stdout: "", stderr: `fake runner: no reply for ${line}\n`, timedOut: false };
      }
      return { code: null, stdout: "", stderr: "", timedOut: false, error: "ENOENT" };
    },
  };
}
