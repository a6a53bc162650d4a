/**
 * The token limit (`ParseOptions.maxTokens`, CA2003): what `maxLength` admits is bounded in memory
 * and time. The cheap pre-count never counts more tokens than the lexer makes, so the limit means
 * exactly "more than maxTokens tokens", and a token bomb is refused before its tokens exist.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize, tokenLimitOffset } from "../../src/lexer/index.js";
import type { LexerMode } from "../../src/lexer/index.js";
import { ClassAdLimitError, DEFAULT_MAX_LENGTH, DEFAULT_MAX_TOKENS, ErrorCode, parseExpression } from "../../src/parser/index.js";

const PIECES = ["(", ")", "{", "}", "[", "]", ",", ";", "+", "-", "*", "/", "%", "<", ">", "=", "!", "&", "|", "^", "~", "?", ":", ".", "..", "=?=", ">>>",
  "x", "is", "isnt", "true", "1", "-1", "-.5", ".5", "1.5e+3", "0x1f", "017", "1e", "-.", "..5", "-..5", "? :", "?\n:", "//", "a-1", '"s"', '"a" "b"', '"\\""', "'n'", "/*c*/", "/*", "// c\n", " ", "\n", "\t", "\0", "#", "\\", "\x80", '"'];

function lexedCount(text: string, mode: LexerMode): number {
  return tokenize(text, mode).tokens.length;
}

/** The smallest limit the pre-count refuses, i.e. its count (a limit of count - 1 is passed). */
function preCount(text: string, mode: LexerMode): number {
  let limit = 0;
  while (tokenLimitOffset(" ".repeat(limit) + text, mode, limit) >= 0) limit++;
  return limit;
}

describe("token pre-count", () => {
  it("never counts more tokens than the lexer makes, in every mode", () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(""));
    fc.assert(
      fc.property(text, fc.constantFrom<LexerMode>("new", "old", "json"), (t, mode) => {
        expect(preCount(t, mode)).toBeLessThanOrEqual(lexedCount(t, mode));
      }),
      { numRuns: 3000 },
    );
  });

  it("counts lists, names and strings exactly", () => {
    for (const t of ["{1,2,3}", 'f(a, "b c", \'d\')', "a.b.c", "x ? y : z", "[a = 1; b = {}]"]) {
      expect(preCount(t, "new")).toBe(lexedCount(t, "new"));
    }
  });

  it("skips text no longer than the limit (a token takes at least one character)", () => {
    expect(tokenLimitOffset("1,1", "new", 3)).toBe(-1);
  });
});

describe("ParseOptions.maxTokens", () => {
  it("admits exactly maxTokens tokens and refuses one more, at the token past the limit", () => {
    expect(parseExpression("{1,2}", { maxTokens: 5 }).kind).toBe("list");
    let thrown: unknown;
    try {
      parseExpression("{1, 2, 3}", { maxTokens: 5 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClassAdLimitError);
    expect((thrown as ClassAdLimitError).code).toBe(ErrorCode.TokenLimit);
    expect((thrown as ClassAdLimitError).limit).toBe(5);
    expect((thrown as ClassAdLimitError).offset).toBe(7); // the `3`, sixth token
  });

  it("counts operator runs exactly once lexed (the pre-count only refuses what is surely over)", () => {
    // 12 operator characters: at least 4 tokens to the pre-count, 12 to the lexer.
    expect(() => parseExpression("!!!!!!!!!!!!x", { maxTokens: 12 })).toThrow(expect.objectContaining({ code: "CA2003" }));
    expect(() => parseExpression("!!!!!!!!!!!!x", { maxTokens: 13 })).not.toThrow();
  });

  it("refuses a 16 MiB list promptly, without building its tokens", () => {
    const text = "{" + "1,".repeat(DEFAULT_MAX_LENGTH / 2 - 2) + "1}";
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    const before = process.memoryUsage().heapUsed;
    expect(() => parseExpression(text)).toThrow(expect.objectContaining({ name: "ClassAdLimitError", code: "CA2003", limit: DEFAULT_MAX_TOKENS }));
    // 8 million tokens would take gigabytes; the refusal allocates nearly nothing.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 << 20);
  });

  it("still reads a string literal of nearly 16 MiB (one token)", () => {
    const text = `"${"x".repeat(DEFAULT_MAX_LENGTH - 2)}"`;
    const tree = parseExpression(text);
    expect(tree.kind).toBe("literal");
  });

  it("applies to a prefix parse over the whole text", () => {
    expect(() => parseExpression("1 " + "x ".repeat(10), { full: false, maxTokens: 5 })).toThrow(expect.objectContaining({ code: "CA2003" }));
  });
});
