import { describe, expect, it } from "vitest";
import { textAs } from "../src/index.js";

describe("textAs: text read as a value of a spec type (client, mock and CLI alike)", () => {
  it("reads integers, allowing a sign and blank space around them, and nothing else", () => {
    expect(textAs("24", "integer")).toBe(24);
    expect(textAs(" -3 ", "integer")).toBe(-3);
    for (const text of ["1.5", "1e3", "0x10", "", " ", "4s", "NaN"])
      expect(textAs(text, "integer"), text).toBeUndefined();
  });

  it("reads any finite number, but not blank text or infinity", () => {
    expect(textAs("1.5", "number")).toBe(1.5);
    expect(textAs("1e3", "number")).toBe(1000);
    for (const text of ["", "  ", "Infinity", "abc"]) expect(textAs(text, "number"), text).toBeUndefined();
  });

  it('reads exactly "true" and "false" as booleans', () => {
    expect(textAs("true", "boolean")).toBe(true);
    expect(textAs("false", "boolean")).toBe(false);
    for (const text of ["TRUE", "1", "yes", " true"]) expect(textAs(text, "boolean"), text).toBeUndefined();
  });

  it("reads nothing for a string or another type: the text stays text", () => {
    expect(textAs("24", "string")).toBeUndefined();
    expect(textAs("24", undefined)).toBeUndefined();
  });
});
