import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/formats/index.js";

describe("detectFormat (condor_status -ads:auto)", () => {
  it.each([
    ['<?xml version="1.0"?>\n<classads>', "xml"],
    ["{\n[ A = 1 ],\n[ B = 2 ]\n}\n", "new"],
    ["[ A = 1; B = 2 ]\n[ A = 3 ]\n", "new"],
    ['[\n{\n  "A": 1\n}\n]\n', "json"],
    ['{"A": 1}\n{"A": 2}\n', "json"],
    ["# comment\n\nA = 1\nB = 2\n", "long"],
    ["", "long"],
    // HTCondor's own rules, checked against condor_status -ads:auto's reader: the character right
    // after a lone `[` or `{` decides, and a one-line ad must parse, else it is the long form.
    ["[\n]\n", "long"],
    ['[\n  {\n    "A": 1\n  }\n]\n', "long"],
    ["{\n\n[ A = 1 ]\n}\n", "long"],
    ["<classads>\n<c></c>\n</classads>\n", "long"],
    [' <?xml version="1.0"?> \n<classads></classads>\n', "xml"],
    ["  [ A = 1 ]  \n", "new"],
    ["[ A = ]\n[ B = 2 ]\n", "long"],
    ['{"A": }\n', "long"],
  ])("%j is %s", (text, format) => {
    expect(detectFormat(text).format).toBe(format);
  });
});
