import { describe, expect, it } from "vitest";
import { tokenize, Tokens } from "../../src/lexer/index.js";
import { convertEscapes, scanNumber } from "../../src/lexer/literals.js";
import { ErrorCode } from "../../src/model/errors.js";

const names = (text: string, mode: "new" | "old" | "json" = "new") => tokenize(text, mode).tokens.map((t) => t.tokenType.name);

describe("lexer", () => {
  it("folds '-' into a number only after a token that cannot end an operand", () => {
    expect(names("-5")).toEqual(["NumberLiteral"]);
    expect(names("a -1")).toEqual(["BareName", "Minus", "NumberLiteral"]);
    expect(names("2--1")).toEqual(["NumberLiteral", "Minus", "NumberLiteral"]);
    expect(names("(-1)")).toEqual(["LParen", "NumberLiteral", "RParen"]);
    expect(names("x)-.5")).toEqual(["BareName", "RParen", "Minus", "NumberLiteral"]);
  });

  it("maximal munch for operators; elvis may contain blanks", () => {
    expect(names("a >>> 1 =?= =!= ? \n :")).toEqual(["BareName", "URightShift", "NumberLiteral", "MetaEqual", "MetaNotEqual", "Elvis"]);
    expect(names("a=!b")).toEqual(["BareName", "Assign", "Bang", "BareName"]);
  });

  it("keywords only when the word is all letters, any case", () => {
    expect(names("TRUE false Undefined ERROR is ISNT true1 is_x")).toEqual([
      "True", "False", "Undefined", "ErrorKeyword", "Is", "Isnt", "BareName", "BareName",
    ]);
    expect(names("null undefined", "json")).toEqual(["Null", "BareName"]);
  });

  it("string payloads per mode", () => {
    const value = (text: string, mode: "new" | "old" | "json") =>
      (tokenize(text, mode).tokens[0]?.payload as { value: string }).value;
    expect(value('"a\\tb" "c"', "new")).toBe("a\tbc");
    expect(value('"a\\tb"', "old")).toBe("a\\tb");
    expect(value('"a\\u0041"', "json")).toBe("aA");
    expect(value('"\\u00e9"', "json")).toBe("\x03\x01");
    expect(tokenize("'a b'").tokens[0]?.tokenType).toBe(Tokens.QuotedNameNew);
  });

  it("stops at the first lexical error and describes it", () => {
    const result = tokenize("a + 017 + b");
    expect(result.tokens.map((t) => t.image)).toEqual(["a", "+"]);
    expect(result.error?.code).toBe(ErrorCode.InvalidNumber);
    expect(tokenize("a @").error?.code).toBe(ErrorCode.UnexpectedCharacter);
    expect(tokenize("a /* b").error?.code).toBe(ErrorCode.UnterminatedComment);
  });

  it("numbers follow tokenizeNumber", () => {
    expect(scanNumber("0x1.8", 0)).toMatchObject({ kind: "number", value: { kind: "real", v: 1.5 } });
    expect(scanNumber("..5", 0)).toMatchObject({ kind: "number", value: { kind: "real", v: 0 } });
    expect(scanNumber("00.5", 0)).toMatchObject({ kind: "number", value: { kind: "real", v: 0.5 } });
    expect(scanNumber("-0x1F", 0)).toMatchObject({ kind: "number", value: { kind: "int", v: 0 } });
    expect(scanNumber("08", 0)).toMatchObject({ kind: "error" });
  });

  it("octal escapes take a third digit only below 0x20", () => {
    expect(convertEscapes("\\101\\044\\44\\1")).toBe("A$$\x01");
    expect(convertEscapes("\\400")).toBe(" 0");
    expect(convertEscapes("\\000")).toBeNull();
    expect(convertEscapes("ab\\")).toBe("ab\\");
  });
});
