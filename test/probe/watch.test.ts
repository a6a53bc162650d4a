/**
 * Watch mode: re-probing reports the attributes that changed (HAS_SINGULARITY turning false).
 */
import { describe, expect, it } from "vitest";
import { diffAds } from "../../src/probe/index.js";
import { watchProbe, type WatchEvent } from "../../src/probe/node.js";
import { ClassAd } from "../../src/classad/classad.js";
import { literal } from "../../src/ast/build.js";
import { boolValue, intValue } from "../../src/model/value.js";
import { fixtureView } from "./fixture-view.js";

const IMAGE = "/cvmfs/singularity.opensciencegrid.org/htc/rocky:9";

describe("diffAds", () => {
  it("lists changed, added and removed attributes", () => {
    const before = new ClassAd().set("A", literal(intValue(1))).set("B", literal(boolValue(true))).set("Gone", literal(intValue(0)));
    const after = new ClassAd().set("a", literal(intValue(1))).set("B", literal(boolValue(false))).set("New", literal(intValue(7)));
    expect(diffAds(before, after)).toEqual([
      { name: "B", before: "true", after: "false" },
      { name: "New", before: null, after: "7" },
      { name: "Gone", before: "0", after: null },
    ]);
  });
});

describe("watchProbe", () => {
  it("reports HAS_SINGULARITY turning false when the runtime breaks, then stops", async () => {
    const view = fixtureView("apptainer-host");
    const events: WatchEvent[] = [];
    const controller = new AbortController();
    const pilotRun = `/usr/bin/apptainer exec --home /home/worker/execute:/srv --pwd /srv --ipc --contain --pid --bind /cvmfs,/etc/hosts,/etc/localtime ${IMAGE} cat /proc/self/uid_map`;
    const second = new Promise<void>((resolve) => {
      watchProbe({ view, timeoutMs: 1000 }, 1, (event) => {
        events.push(event);
        if (event.initial) {
          // Between rounds the image's CVMFS mount goes bad.
          view.overrides.set(pilotRun, { code: 255, stdout: "", stderr: "FATAL:   could not open image: transport endpoint is not connected\n" });
        } else {
          controller.abort();
          resolve();
        }
      }, { signal: controller.signal });
    });
    await second;
    expect(events).toHaveLength(2);
    expect(events[0]?.initial).toBe(true);
    const changes = new Map(events[1]?.changes.map((c) => [c.name, c]));
    expect(changes.get("HAS_SINGULARITY")).toEqual({ name: "HAS_SINGULARITY", before: "true", after: "false" });
    expect(changes.get("SINGULARITY_CAN_USE_SIF")).toEqual({ name: "SINGULARITY_CAN_USE_SIF", before: "HAS_SINGULARITY && STASHCP_VERIFIED", after: "false" });
    expect(changes.get("SINGULARITY_PATH")?.after).toBeNull();
    // HTCondor's own test is unaffected: HasSingularity does not change.
    expect(changes.has("HasSingularity")).toBe(false);
  });

  it("stops through the returned handle and reports nothing when nothing changes", async () => {
    const view = fixtureView("gpu-host");
    let initial = 0;
    let later = 0;
    let rounds = 0;
    const originalRun = view.run;
    let handleStop: (() => void) | null = null;
    const countedView = {
      ...view,
      run: async (...args: Parameters<typeof originalRun>) => {
        if (args[0] === "nvidia-smi" && args[1].length === 0 && ++rounds === 3) handleStop?.();
        return originalRun(...args);
      },
    };
    const handle = watchProbe({ view: countedView, timeoutMs: 1000 }, 1, (event) => {
      if (event.initial) initial++;
      else later++;
    });
    handleStop = handle.stop;
    await handle.done;
    expect(initial).toBe(1);
    expect(later).toBe(0);
    expect(rounds).toBe(3);
  });
});
