/**
 * Minimising a divergence: shrink the expression while the two libraries still disagree on it.
 *
 * Expressions our parser reads are shrunk along their tree, by editing the original text over the
 * nodes' source spans (so every literal keeps its spelling: a candidate never goes through our
 * printer): a node replaced by one of its operands or by a small literal, a list item, record
 * attribute or argument dropped. Expressions it does not read are shrunk as text (chunks of
 * characters deleted). Greedy: each round offers every candidate one step smaller to the judge in
 * one batch, and keeps the shortest that still diverges.
 */
import { unparseAttrName } from "../../src/ast/print.js";
import type { Expr } from "../../src/model/nodes.js";
import { parseLine } from "./ours.js";

export type Judge = (candidates: readonly string[]) => Promise<boolean[]>;

const SMALL_LITERALS = ["0", "1", "-1", "1.5", '"a"', '""', "true", "false", "undefined", "error", "{}", "[]", "{ 1 }", "[ a = 1 ]"];
const SMALL_INNER = ["0", '"a"', "undefined", "true"];

function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case "literal":
      return [];
    case "attr":
      return expr.scope ? [expr.scope] : [];
    case "unary":
      return [expr.operand];
    case "binary":
    case "elvis":
      return [expr.left, expr.right];
    case "ternary":
      return [expr.cond, expr.then, expr.otherwise];
    case "paren":
      return [expr.inner];
    case "subscript":
      return [expr.target, expr.index];
    case "call":
      return [...expr.args];
    case "list":
      return [...expr.items];
    case "record":
      return expr.attrs.map((a) => a.expr);
  }
}

function spanned(expr: Expr): boolean {
  return expr.start >= 0 && expr.end >= expr.start;
}

/** The node's texts with one of its items (list item, argument, record attribute) removed. */
function withoutItems(text: string, expr: Expr): string[] {
  const source = (e: Expr): string => text.slice(e.start, e.end);
  const out: string[] = [];
  if (expr.kind === "list" && expr.items.every(spanned)) {
    for (let i = 0; i < expr.items.length; i++) out.push(`{${expr.items.filter((_, j) => j !== i).map(source).join(", ")}}`);
  } else if (expr.kind === "call" && expr.args.every(spanned)) {
    for (let i = 0; i < expr.args.length; i++) out.push(`${expr.name}(${expr.args.filter((_, j) => j !== i).map(source).join(", ")})`);
  } else if (expr.kind === "record" && expr.attrs.every((a) => spanned(a.expr))) {
    for (let i = 0; i < expr.attrs.length; i++) {
      const kept = expr.attrs.filter((_, j) => j !== i).map((a) => `${unparseAttrName(a.name)} = ${source(a.expr)}`);
      out.push(`[${kept.join("; ")}]`);
    }
  }
  return out;
}

/** Every text one step smaller than `text`, whose tree is `tree`. */
function smallerTrees(text: string, tree: Expr): string[] {
  const out: string[] = [];
  const seen = new Set<string>([text]);
  const add = (candidate: string): void => {
    if (candidate.length < text.length && !seen.has(candidate)) {
      seen.add(candidate);
      out.push(candidate);
    }
  };
  // The whole expression replaced by a small literal.
  for (const literal of SMALL_LITERALS) add(literal);
  // Each node (outermost first): replaced by one of its operands, by a small literal, or with
  // one of its items dropped.
  const visit = (node: Expr, depth: number): void => {
    if (!spanned(node) || depth > 200) return;
    const before = text.slice(0, node.start);
    const after = text.slice(node.end);
    for (const child of children(node)) if (spanned(child)) add(before + text.slice(child.start, child.end) + after);
    for (const variant of withoutItems(text, node)) add(before + variant + after);
    if (node !== tree && node.kind !== "literal") for (const small of SMALL_INNER) add(before + small + after);
    for (const child of children(node)) visit(child, depth + 1);
  };
  visit(tree, 0);
  return out;
}

/** Text one step smaller: chunks deleted, halves first. */
function smallerTexts(text: string): string[] {
  const out = new Set<string>();
  for (let size = Math.max(1, Math.floor(text.length / 2)); size >= 1; size = Math.floor(size / 2)) {
    for (let at = 0; at + size <= text.length; at += size) out.add(text.slice(0, at) + text.slice(at + size));
    if (size === 1) break;
  }
  out.delete(text);
  return [...out];
}

/**
 * The smallest text reached from `text` (which diverges) by steps that keep it diverging.
 * `judge` answers, for a batch of candidates, which still diverge.
 */
export async function minimise(text: string, judge: Judge, maxRounds = 100, maxCandidates = 2000): Promise<string> {
  let current = text;
  for (let round = 0; round < maxRounds; round++) {
    const tree = parseLine(current);
    let candidates = tree ? smallerTrees(current, tree) : smallerTexts(current);
    if (candidates.length === 0 && tree) candidates = smallerTexts(current);
    candidates = candidates.slice(0, maxCandidates);
    if (candidates.length === 0) break;
    const verdicts = await judge(candidates);
    let next: string | undefined;
    candidates.forEach((candidate, i) => {
      if (verdicts[i] && (next === undefined || candidate.length < next.length)) next = candidate;
    });
    if (next === undefined) {
      // A tree that no longer shrinks as a tree may still shrink as text (a stray space, ...).
      if (!tree) break;
      const texts = smallerTexts(current).slice(0, maxCandidates);
      const textVerdicts = await judge(texts);
      next = texts.find((_, i) => textVerdicts[i]);
      if (next === undefined) break;
    }
    current = next;
  }
  return current;
}
