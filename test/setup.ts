import fc from "fast-check";

// Property runs: FC_RUNS raises the count for long local sessions; FC_SEED replays a reported failure.
fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  numRuns: Number(process.env.FC_RUNS ?? 200),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
});
