import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/formats/index.js";

describe("detectFormat (condor_status -ads:auto)", () => {
  it.each([
    ['<?xml version="1.0"?>\n<classads>', "xml"],
    ["{\n[ A = 1 ],\n[ B = 2 ]\n}\n", "new"],
    ["[ A = 1; B = 2 ]\n[ A = 3 ]\n", "new"],
    ['[\n{\n  "A": 1\n}\n]\n', "json"],
    ['{"A": 1}\n{"A": 2}\n', "json"],
    ["[\n]\n", "json"],
    ["# comment\n\nA = 1\nB = 2\n", "long"],
    ["", "long"],
  ])("%j is %s", (text, format) => {
    expect(detectFormat(text).format).toBe(format);
  });
});
