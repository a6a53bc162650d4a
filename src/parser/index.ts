/**
 * Parser entry points (placeholder signatures; the parser stage replaces this file).
 */
import type { Expr, RecordNode } from "../ast/nodes.js";

export interface ParseOptions {
  /** Lex string literals with HTCondor's old rules (used for `-long` ads and constraints). */
  readonly oldStringLexing?: boolean;
}

export function parseExpression(_text: string, _options: ParseOptions = {}): Expr {
  throw new Error("parser not built yet");
}

export function parseRecord(_text: string, _options: ParseOptions = {}): RecordNode {
  throw new Error("parser not built yet");
}
