/**
 * "Would my job match?": the page's script. It only handles the page (inputs, tables, chart,
 * tree); every ClassAd operation happens in the engine (engine.ts, a Web Worker), which is
 * loaded when the user first gives input, so the page itself stays small.
 */
import type { AnalysisReport } from "../core.js";
import { EngineClient } from "./client.js";
import { acceptFiles, loadSample } from "./files.js";
import { byId, el, fillBody, plural } from "./dom.js";
import { funnelChart, type FunnelStep } from "./chart.js";
import { explanationTree } from "./tree.js";
import type { AnalysisResponse, ExplanationResponse, InputSummary } from "./protocol.js";

/** Typing pauses this long before the analysis reruns. */
const DEBOUNCE_MS = 250;
/** Slots offered in the explanation's slot list (the first ones of the pool). */
const SLOTS_LISTED = 5_000;

const engine = new EngineClient();

const jobInput = byId<HTMLTextAreaElement>("job");
const poolInput = byId<HTMLTextAreaElement>("pool");
const nowInput = byId<HTMLInputElement>("now");
const clauseSelect = byId<HTMLSelectElement>("explain-clause");
const slotSelect = byId<HTMLSelectElement>("explain-slot");

/** What the page has asked and shown. */
const state = {
  seq: 0,
  busy: false,
  again: false,
  /** The texts the engine last received (only changes are sent again). */
  sentJob: null as string | null,
  sentPool: null as string | null,
  /** Bumped on any change of job, pool or time: the baseline must be recomputed. */
  inputs: 0,
  baselineInputs: -1,
  /** The analysis without what-if changes, for the "was" figures. */
  baseline: null as AnalysisReport | null,
  /** What-if edits: attribute name -> expression text. */
  whatIf: new Map<string, string>(),
  last: null as AnalysisResponse | null,
  timer: 0 as ReturnType<typeof setTimeout> | 0,
};

// ---------------------------------------------------------------- scheduling

function changed(): void {
  state.inputs++;
  schedule();
}

function schedule(): void {
  byId("results").dataset.busy = "true";
  if (state.timer !== 0) clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    state.timer = 0;
    void analyzeNow();
  }, DEBOUNCE_MS);
}

/** One analysis at a time; input arriving meanwhile triggers one more run with the latest state. */
async function analyzeNow(): Promise<void> {
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  const results = byId("results");
  results.dataset.busy = "true";
  try {
    do {
      state.again = false;
      if (jobInput.value.trim() === "" && poolInput.value.trim() === "" && state.sentJob === null) break;
      const set = [...state.whatIf].map(([name, value]) => ({ name, value }));
      if (set.length > 0 && state.baselineInputs !== state.inputs) {
        const base = await ask([]);
        if (base !== null) {
          state.baseline = base.report;
          state.baselineInputs = state.inputs;
        }
      }
      const inputs = state.inputs;
      const response = await ask(set);
      if (response === null) continue;
      if (set.length === 0) {
        state.baseline = response.report;
        state.baselineInputs = inputs;
      }
      show(response);
    } while (state.again);
  } finally {
    state.busy = false;
    // Scripts (and the browser tests) can tell when the page shows the latest input.
    results.dataset.busy = state.timer !== 0 ? "true" : "false";
    results.dataset.runs = String(Number(results.dataset.runs ?? "0") + 1);
  }
}

async function ask(set: { name: string; value: string }[]): Promise<AnalysisResponse | null> {
  const job = jobInput.value;
  const pool = poolInput.value;
  const seq = ++state.seq;
  byId("problem").textContent = "Analyzing…";
  const response = await engine.request({
    kind: "analyze",
    seq,
    ...(job !== state.sentJob ? { job } : {}),
    ...(pool !== state.sentPool ? { pool } : {}),
    now: nowInput.value,
    set,
  });
  state.sentJob = job;
  state.sentPool = pool;
  if (response.kind === "failure") {
    byId("problem").textContent = `The engine failed: ${response.message}`;
    return null;
  }
  return response.kind === "analysis" ? response : null;
}

// ---------------------------------------------------------------- showing an analysis

function show(response: AnalysisResponse): void {
  state.last = response;
  showInput("job", response.job, "job ad");
  showInput("pool", response.pool, "slot ad");
  const when = new Date(response.now * 1000).toISOString().replace(".000Z", "Z");
  const source = response.nowSource === "dump" ? "the dump's own time" : response.nowSource === "clock" ? "this computer's clock (the dump has no time)" : "as typed";
  byId("now-status").textContent = `Evaluated at now = ${response.now} (${when}), ${source}.${engine.mode === "page" ? " The engine runs in the page (no worker from disk)." : ""}`;
  byId("problem").textContent = response.problem ?? "";
  byId("problem").title = `Read and analyzed in ${response.millis} ms.`;
  byId("problem").className = response.problem !== null ? "status error" : "status";
  showHints(response);
  markWhatIf(response.problem);
  const report = response.report;
  const results = byId("results");
  results.classList.toggle("empty", report === null);
  if (report === null) {
    byId("verdict").textContent = "Waiting for a job and a pool.";
    byId("verdict").className = "";
    return;
  }
  showVerdict(report);
  showClauses(report);
  showFunnel(report);
  showWhatIf(response);
  showSlotClauses(report);
  showContainer(report);
  showNearMisses(report);
  showUndefined(report);
  showExplainChoices(response);
  void explainNow();
}

function showInput(which: "job" | "pool", summary: InputSummary, noun: string): void {
  const status = byId(`${which}-status`);
  if (summary.format === null) {
    status.textContent = "";
    return;
  }
  const faults = summary.faultCount > 0 ? `; ${plural(summary.faultCount, "malformed entry")} skipped: ${summary.faults.join("; ")}` : "";
  status.textContent = `${plural(summary.ads, noun)} read (${summary.format} format)${which === "job" && summary.ads > 1 ? ", the first is used" : ""}${faults}`;
  status.className = summary.faultCount > 0 ? "status error" : "status";
}

function showVerdict(report: AnalysisReport): void {
  const verdict = byId("verdict");
  verdict.textContent = `Verdict: ${report.verdict.summary}.`;
  verdict.className = report.verdict.matches > 0 ? "yes" : "no";
  const reasons = report.verdict.reasons.map((reason) => el("li", { text: reason }));
  const base = state.baseline;
  if (state.whatIf.size > 0 && base !== null) {
    reasons.unshift(el("li", { text: `With the what-if changes; without them: ${base.verdict.summary}.` }));
  }
  byId("reasons").replaceChildren(...reasons);
}

function showClauses(report: AnalysisReport): void {
  const base = state.whatIf.size > 0 ? state.baseline : null;
  const rows = report.jobClauses.map((clause) => {
    const before = base?.jobClauses.find((c) => c.index === clause.index && c.text === clause.text);
    const cell = (value: number, was: number | undefined): HTMLTableCellElement => {
      const td = el("td", { class: "num", text: String(value) });
      if (was !== undefined && was !== value) td.append(el("span", { class: "was", text: `was ${was}` }));
      return td;
    };
    const row = el("tr", {
      class: `clickable${clause.remaining === 0 ? " zero" : ""}`,
      title: clause.constant ? "The same on every slot (reads no slot attribute)" : "Click to explain this clause against a slot",
      attrs: { "data-index": String(clause.index), "data-alone": String(clause.matchedAlone), "data-remaining": String(clause.remaining) },
    });
    row.append(
      el("td", { text: `[${clause.index}]` }),
      cell(clause.matchedAlone, before?.matchedAlone),
      cell(clause.remaining, before?.remaining),
      el("td", { class: "cond", text: clause.constant ? `${clause.text}   (same on every slot)` : clause.text }),
    );
    row.addEventListener("click", () => {
      clauseSelect.value = `job:${clause.index}`;
      slotSelect.value = "-1";
      void explainNow();
      byId("explain-panel").scrollIntoView({ behavior: "smooth", block: "start" });
    });
    return row;
  });
  fillBody(byId<HTMLTableElement>("clauses"), rows);
}

function showFunnel(report: AnalysisReport): void {
  const total = report.totals.slots;
  const steps: FunnelStep[] = [{ label: "all slots", detail: "Slots in the pool", count: total }];
  for (const clause of report.jobClauses) steps.push({ label: `after [${clause.index}]`, detail: clause.text, count: clause.remaining });
  steps.push({ label: "slots accept", detail: "Also accepted by the slots' own Requirements (a match)", count: report.totals.matched });
  byId("funnel-box").replaceChildren(funnelChart(steps, total));
}

/** The attributes the what-if table shows now: it is rebuilt only when they change, so typing in it is never interrupted. */
let whatIfShown = "";

function showWhatIf(response: AnalysisResponse): void {
  const key = JSON.stringify(response.attributes);
  if (key === whatIfShown) return;
  whatIfShown = key;
  const rows = response.attributes.map((attr) => {
    const edited = state.whatIf.get(attr.name);
    const input = el("input", { attrs: { "data-name": attr.name, spellcheck: "false", autocomplete: "off", "aria-label": `What-if value of ${attr.name}` } });
    input.value = edited ?? attr.value;
    input.classList.toggle("changed", edited !== undefined);
    input.addEventListener("input", () => {
      const text = input.value.trim();
      if (text === "" || text === attr.value) state.whatIf.delete(attr.name);
      else state.whatIf.set(attr.name, text);
      input.classList.toggle("changed", state.whatIf.has(attr.name));
      schedule();
    });
    const row = el("tr");
    row.append(el("td", { class: "cond", text: attr.name }), el("td", {}, [input]), el("td", { class: "cond", text: attr.value === "" ? "(not defined)" : attr.value }));
    return row;
  });
  // Keep the field being typed in focused, caret and all, across the rebuild.
  const active = document.activeElement;
  const focused = active instanceof HTMLInputElement && active.dataset.name !== undefined ? { name: active.dataset.name, at: active.selectionStart } : null;
  fillBody(byId<HTMLTableElement>("what-if"), rows);
  if (focused !== null) {
    const again = byId("what-if").querySelector<HTMLInputElement>(`input[data-name="${CSS.escape(focused.name)}"]`);
    again?.focus();
    if (again !== null && focused.at !== null) again.setSelectionRange(focused.at, focused.at);
  }
}

/** Mark the what-if value the engine could not parse (the problem names it: `What-if NAME: ...`). */
function markWhatIf(problem: string | null): void {
  const bad = problem !== null && problem.startsWith("What-if ") ? problem.slice("What-if ".length, problem.indexOf(":")) : null;
  for (const input of byId("what-if").querySelectorAll<HTMLInputElement>("input[data-name]")) {
    input.classList.toggle("invalid", input.dataset.name === bad);
  }
}

function addWhatIf(): void {
  const nameInput = byId<HTMLInputElement>("what-if-name");
  const name = nameInput.value.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || state.last === null) return;
  if (!state.last.attributes.some((a) => a.name.toLowerCase() === name.toLowerCase())) {
    state.last = { ...state.last, attributes: [...state.last.attributes, { name, value: "" }] };
    showWhatIf(state.last);
  }
  nameInput.value = "";
  byId("what-if").querySelector<HTMLInputElement>(`input[data-name="${CSS.escape(name)}"]`)?.focus();
}

function showSlotClauses(report: AnalysisReport): void {
  const rows = report.slotClauses
    .filter((c) => c.rejects > 0)
    .map((c) => {
      const row = el("tr", { attrs: { "data-rejects": String(c.rejects) } });
      const missing = c.missingJobAttributes.length > 0 ? `   (the job does not define ${c.missingJobAttributes.join(", ")})` : "";
      row.append(
        el("td", { class: "num", text: String(c.slots) }),
        el("td", { class: "num", text: String(c.rejects) }),
        el("td", { class: "num", text: String(c.onlyReason) }),
        el("td", { text: c.from }),
        el("td", { class: "cond", text: c.text + missing }),
      );
      return row;
    });
  if (rows.length === 0) rows.push(el("tr", {}, [el("td", { attrs: { colspan: "5" }, text: "No clause of the slots' Requirements rejects this job." })]));
  fillBody(byId<HTMLTableElement>("slot-clauses"), rows);
}

function showContainer(report: AnalysisReport): void {
  const panel = byId("container-panel");
  const c = report.container;
  panel.hidden = c === null;
  if (c === null) return;
  byId("container-reason").textContent = `A container job (${c.reason}): slots by the attributes OSPool container matching relies on, of ${c.slots}.`;
  const rows: [number, string][] = [
    [c.hasSingularity, "HasSingularity (HTCondor's own test)"],
    [c.HAS_SINGULARITY, "HAS_SINGULARITY (OSPool pilot's test)"],
    [c.both, "both"],
    [c.canUseSif, "SINGULARITY_CAN_USE_SIF (SIF images)"],
    [c.canUseRegistry, "SINGULARITY_CAN_USE_REGISTRY (registry images)"],
    [c.hasContainer, "HasContainer"],
  ];
  fillBody(
    byId<HTMLTableElement>("container"),
    rows.map(([n, what]) => el("tr", {}, [el("td", { class: "num", text: String(n) }), el("td", { text: what })])),
  );
}

function showNearMisses(report: AnalysisReport): void {
  const items = report.nearMisses.map((m) =>
    el("li", {}, [
      el("b", { text: plural(m.slots, "slot") }),
      ` fail only ${m.side === "job" ? `job clause [${m.index}]` : `the slots' ${m.from}`}: `,
      el("code", { text: m.text }),
      m.examples.length > 0 ? ` (e.g. ${m.examples.join(", ")})` : "",
    ]),
  );
  if (items.length === 0) items.push(el("li", { text: "No slot fails exactly one clause." }));
  byId("near-misses").replaceChildren(...items);
}

function showUndefined(report: AnalysisReport): void {
  const slots = report.totals.slots;
  const items = report.referencedAttributes
    .filter((a) => a.definedOn < slots)
    .map((a) => el("li", {}, [el("code", { text: a.name }), ` defined on ${a.definedOn} of ${slots} slots${a.mostlyUndefined ? " (mostly undefined)" : ""}`]));
  if (items.length === 0) items.push(el("li", { text: "Every slot defines every slot attribute the job reads." }));
  byId("undefined-attributes").replaceChildren(...items);
}

function showHints(response: AnalysisResponse): void {
  const items = response.hints.map((hint) =>
    el("li", { class: `hint-${hint.severity}`, attrs: { "data-code": hint.code } }, [
      `${hint.attribute ?? ""}${hint.clauseIndex !== null ? ` [${hint.clauseIndex}]` : ""}: ${hint.message}`,
      el("span", { class: "grouped", text: `grouped: ${hint.grouped}` }),
    ]),
  );
  if (items.length === 0) items.push(el("li", { text: response.job.ads > 0 ? "No hints: nothing looks mis-grouped or mis-compared." : "No job yet." }));
  byId("hints").replaceChildren(...items);
}

// ---------------------------------------------------------------- explanations

function showExplainChoices(response: AnalysisResponse): void {
  const report = response.report;
  if (report === null) return;
  const previousClause = clauseSelect.value;
  const previousSlot = slotSelect.value;
  const clauses = [el("option", { text: "The job's whole Requirements", attrs: { value: "job:0" } })];
  for (const c of report.jobClauses) clauses.push(el("option", { text: `[${c.index}] ${c.text}`, attrs: { value: `job:${c.index}` } }));
  clauses.push(el("option", { text: "The slot's own Requirements (slot as MY, job as TARGET)", attrs: { value: "slot:0" } }));
  clauseSelect.replaceChildren(...clauses);
  clauseSelect.value = clauses.some((o) => o.value === previousClause) ? previousClause : "job:0";
  const slots = [el("option", { text: "the first slot where it is not true", attrs: { value: "-1" } })];
  response.slotNames.slice(0, SLOTS_LISTED).forEach((name, i) => slots.push(el("option", { text: `${i}: ${name}`, attrs: { value: String(i) } })));
  slotSelect.replaceChildren(...slots);
  slotSelect.value = slots.some((o) => o.value === previousSlot) ? previousSlot : "-1";
}

let explainSeq = 0;

async function explainNow(): Promise<void> {
  if (state.last?.report === null || state.last === null) return;
  const mine = ++explainSeq;
  const seq = ++state.seq;
  const response = await engine.request({ kind: "explain", seq, target: clauseSelect.value || "job:0", slot: Number(slotSelect.value || "-1") });
  if (mine !== explainSeq || response.kind !== "explanation") return;
  showExplanation(response);
  byId("explanation").dataset.shown = `${clauseSelect.value}@${response.slot}`;
}

function showExplanation(response: ExplanationResponse): void {
  const box = byId("explanation");
  const context = byId("explain-context");
  if (response.problem !== null || response.tree === null) {
    context.textContent = response.problem ?? "";
    box.replaceChildren();
    return;
  }
  const problem = response.firstProblem;
  const summary =
    problem === null
      ? ""
      : ` The first ${problem.kind.toUpperCase()} comes from ${problem.text}${problem.note !== null ? ` (${problem.note})` : ""}` +
        (problem.reachesResult ? ` and makes the result ${problem.kind.toUpperCase()}.` : "; an operator absorbs it.");
  context.textContent = `${response.context}: the value is ${response.value}.${summary}`;
  const parts: Node[] = [explanationTree(response.tree)];
  if (response.hints.length > 0) {
    parts.push(el("ul", {}, response.hints.map((h) => el("li", { class: `hint-${h.severity}` }, [h.message, el("span", { class: "grouped", text: `grouped: ${h.grouped}` })]))));
  }
  box.replaceChildren(...parts);
}

// ---------------------------------------------------------------- wiring

function setText(target: HTMLTextAreaElement, text: string): void {
  target.value = text;
  changed();
}

function fileProblem(which: "job" | "pool"): (message: string) => void {
  return (message) => {
    const status = byId(`${which}-status`);
    status.textContent = message;
    status.className = "status error";
  };
}

function start(): void {
  jobInput.addEventListener("input", changed);
  poolInput.addEventListener("input", changed);
  nowInput.addEventListener("input", changed);
  acceptFiles(document.querySelector<HTMLElement>('[data-drop="job"]') ?? jobInput, byId<HTMLInputElement>("job-file"), (text) => setText(jobInput, text), fileProblem("job"));
  acceptFiles(document.querySelector<HTMLElement>('[data-drop="pool"]') ?? poolInput, byId<HTMLInputElement>("pool-file"), (text) => setText(poolInput, text), fileProblem("pool"));
  byId("load-sample").addEventListener("click", () => {
    byId("pool-status").textContent = "Loading the OSPool sample…";
    loadSample().then((text) => setText(poolInput, text), fileProblem("pool"));
  });
  byId("what-if-add").addEventListener("click", addWhatIf);
  byId<HTMLInputElement>("what-if-name").addEventListener("keydown", (event) => {
    if (event.key === "Enter") addWhatIf();
  });
  clauseSelect.addEventListener("change", () => void explainNow());
  slotSelect.addEventListener("change", () => void explainNow());
  // Text kept by the browser across a reload counts as input.
  if (jobInput.value !== "" || poolInput.value !== "") changed();
}

start();
