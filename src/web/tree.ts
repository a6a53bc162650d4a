/**
 * An explanation tree as nested lists: each sub-expression with its value, each reference with
 * where it was found, the path from the first UNDEFINED or ERROR marked.
 */
import type { ExplainNode } from "../core.js";
import { el } from "./dom.js";

export function explanationTree(root: ExplainNode): HTMLUListElement {
  const list = el("ul", { class: "tree" });
  list.append(item(root));
  return list;
}

function valueBadge(node: ExplainNode): HTMLElement {
  if (!node.evaluated) return el("span", { class: "value skipped", text: "not evaluated" });
  const kind = node.type === "bool" ? (node.value === "true" ? "true" : "false") : (node.type ?? "");
  return el("span", { class: `value ${kind}`, text: node.value ?? "(cut short)", title: node.type ?? "" });
}

function item(node: ExplainNode): HTMLLIElement {
  const li = el("li", { class: node.onProblemPath ? "path" : "" });
  // A literal is its own value: one badge says it.
  if (node.kind === "literal" && node.evaluated) {
    li.append(valueBadge(node));
    return li;
  }
  li.append(valueBadge(node));
  if (node.role === "definition") li.append(el("span", { class: "role", text: "= " }));
  if (node.role === "scope") li.append(el("span", { class: "role", text: "scope " }));
  li.append(el("span", { class: "expr", text: node.text }));
  if (node.reference !== null) {
    li.append(el("span", { class: node.reference.source === "missing" ? "ref missing" : "ref", text: node.reference.note }));
  }
  if (node.problemOrigin) li.append(el("span", { class: "origin", text: `← first ${node.type === "error" ? "ERROR" : "UNDEFINED"}` }));
  if (node.elided) li.append(el("span", { class: "ref", text: "…" }));
  if (node.children.length > 0) {
    const children = el("ul");
    for (const child of node.children) children.append(item(child));
    li.append(children);
  }
  return li;
}
