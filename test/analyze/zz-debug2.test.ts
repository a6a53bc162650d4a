import { it } from "vitest";
import { join } from "node:path";
import { evaluate } from "../../src/eval/evaluate.js";
import { readAds } from "../../src/formats/read.js";
import { ospoolSlots } from "./fixtures.js";
it("debug", async () => {
  const slots = await ospoolSlots();
  const job = (await readAds(join(import.meta.dirname, "../../samples/jobs/gpu.ad"))).ads[0]!;
  for (const i of [61, 0]) {
    const s = slots[i]!;
    for (const e of ["TARGET.AvailableGPUs", "countMatches(MY.RequireGPUs, TARGET.AvailableGPUs)", "TARGET.GPUs_GPU_64024e36", "evalInEachContext(Capability, TARGET.AvailableGPUs)", "MY.RequireGPUs", "TARGET.GPUs", "TARGET.Name"])
      console.log(i, e, ((v) => v.kind === "classad" ? "classad" : v.kind === "list" ? "list " + v.items.length : JSON.stringify(v))(evaluate(e, { my: job, target: s, now: 1783286200 })));
  }
});
