import { it } from "vitest";
import { main } from "../../src/cli/dispatch.js";
import { fakeIO } from "../cli/fake-io.js";
it("debug", async () => {
  const io = fakeIO();
  const t = Date.now();
  const code = await main((process.env.ARGS ?? "demo").split(" "), io);
  console.log(io.stdout(), io.stderr(), code, Date.now() - t, "ms");
});
