/**
 * The clause funnel as an SVG bar chart, drawn in the page (no chart service, no library): one
 * bar per step, its length the slots still in the running after that step.
 */
import { svg } from "./dom.js";

export interface FunnelStep {
  /** Short label (`all slots`, `[2]`, `slots accept`). */
  readonly label: string;
  /** What the step is (the clause text), shown on hover. */
  readonly detail: string;
  readonly count: number;
}

const ROW = 26;
const LABEL_WIDTH = 120;
const BAR_WIDTH = 560;
const COUNT_WIDTH = 60;

/** The funnel chart. Each bar carries `data-count` and `data-label` (the tests read them). */
export function funnelChart(steps: readonly FunnelStep[], total: number): SVGSVGElement {
  const width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH;
  const height = steps.length * ROW + 8;
  const chart = svg("svg", { id: "funnel", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Slots remaining after each clause" });
  steps.forEach((step, i) => {
    const y = 4 + i * ROW;
    const length = total > 0 ? Math.max(step.count > 0 ? 2 : 0, Math.round((BAR_WIDTH * step.count) / total)) : 0;
    const group = svg("g", { class: "step", "data-label": step.label, "data-count": step.count });
    group.append(svg("title", {}, `${step.detail}: ${step.count} of ${total}`));
    group.append(svg("text", { x: 0, y: y + ROW * 0.62 }, step.label));
    group.append(svg("rect", { class: "track", x: LABEL_WIDTH, y: y + 3, width: BAR_WIDTH, height: ROW - 8, rx: 3 }));
    const kind = step.count === 0 ? "bar empty" : i === steps.length - 1 ? "bar last" : "bar";
    group.append(svg("rect", { class: kind, x: LABEL_WIDTH, y: y + 3, width: length, height: ROW - 8, rx: 3 }));
    group.append(svg("text", { class: "count", x: LABEL_WIDTH + BAR_WIDTH + 8, y: y + ROW * 0.62 }, String(step.count)));
    chart.append(group);
  });
  return chart;
}
