import { describe, expect, expectTypeOf, it } from "vitest";
import { spec } from "../src/generated/spec.js";
import {
  type ErrorCode,
  errorCodes,
  type FamilyRequest,
  familyOf,
  isKnownModel,
  type KnownModel,
  type ModelFamily,
  modelFamilies,
  type SeedanceCreateRequest,
} from "../src/index.js";

const schemas = spec.components.schemas as unknown as Record<string, Record<string, unknown>>;

describe("model families", () => {
  it("lists the four families in the order createVideo's body does, each with its body's content type", () => {
    expect(Object.keys(modelFamilies)).toEqual(["sora", "seedance", "jimeng", "hailuo"]);
    expect(Object.values(modelFamilies).map((f) => [f.schema, f.encoding])).toEqual([
      ["CreateVideoFormRequest", "multipart/form-data"],
      ["SeedanceCreateRequest", "application/json"],
      ["JimengCreateRequest", "application/json"],
      ["HailuoCreateRequest", "application/json"],
    ]);
    const content = spec.paths["/v1/videos"].post.requestBody.content;
    expect(Object.keys(content)).toEqual(["multipart/form-data", "application/json"]);
  });

  it("copies each family's facts and models from its schema's x-tokenops extensions", () => {
    for (const family of Object.values(modelFamilies)) {
      const schema = schemas[family.schema] as Record<string, unknown>;
      const { key: _key, ...facts } = schema["x-tokenops-family"] as Record<string, unknown>;
      expect(family).toMatchObject(facts);
      expect(family.models).toEqual(schema["x-tokenops-models"]);
    }
  });

  it("takes each prompt limit from the family's prompt schema (Hailuo 2000, Sora 32000)", () => {
    expect(modelFamilies.hailuo.promptMaxLength).toBe(2000);
    expect(modelFamilies.sora.promptMaxLength).toBe(32000);
    expect("promptMaxLength" in modelFamilies.seedance).toBe(false);
    expect(modelFamilies.hailuo.imageMaxBytes).toBe(10 * 1024 * 1024);
    expect(modelFamilies.sora.shutDown).toBe("2026-09-24");
  });

  it("gives every model id a family prefix and Jimeng a req_key per input mode it takes", () => {
    for (const family of Object.values(modelFamilies)) {
      for (const id of Object.keys(family.models)) {
        expect(family.prefixes.some((prefix) => id.startsWith(prefix))).toBe(true);
      }
    }
    const reqKeys = schemas.JimengCreateRequest?.properties as { req_key: { enum: string[] } };
    for (const model of Object.values(modelFamilies.jimeng.models)) {
      const modes = Object.keys(model.reqKeys);
      const inputs: string[] = [...model.inputs];
      expect(modes.includes("first_last_frame")).toBe(inputs.includes("last_frame"));
      expect(modes.includes("camera")).toBe(inputs.includes("camera"));
      for (const key of Object.values(model.reqKeys)) expect(reqKeys.req_key.enum).toContain(key);
    }
  });

  it("finds a model's family by exact id, then by prefix, else undefined", () => {
    expect(familyOf("sora-2")).toBe("sora");
    expect(familyOf("sora-2-2025-10-06")).toBe("sora");
    expect(familyOf("doubao-seedance-2-0-fast-260128")).toBe("seedance");
    expect(familyOf("jimeng-video-3.0-720P")).toBe("jimeng");
    expect(familyOf("MiniMax-Hailuo-02")).toBe("hailuo");
    expect(familyOf("MiniMax-Hailuo-2.5")).toBe("hailuo");
    expect(familyOf("kling-v2")).toBeUndefined();
    expect(familyOf("doubao-seedream-4-0")).toBeUndefined();
    expect(isKnownModel("MiniMax-Hailuo-2.3")).toBe(true);
    expect(isKnownModel("MiniMax-Hailuo-2.5")).toBe(false);
    expect(isKnownModel("toString")).toBe(false);
  });

  it("types known ids, their family and each family's native body", () => {
    expectTypeOf(familyOf("jimeng-video-3.0-pro")).toEqualTypeOf<"jimeng">();
    expectTypeOf(familyOf("kling-v2" as string)).toEqualTypeOf<ModelFamily | undefined>();
    expectTypeOf<"sora-2">().toExtend<KnownModel>();
    expectTypeOf<"doubao-seedance-1-0-pro-250528">().toExtend<KnownModel>();
    expectTypeOf<FamilyRequest<"seedance">>().toEqualTypeOf<SeedanceCreateRequest>();
    expectTypeOf<SeedanceCreateRequest["duration"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ErrorCode>().toEqualTypeOf<
      2001 | 2002 | 2003 | 2004 | 2005 | 2006 | 2007 | 2008 | 2101 | 2102 | 2103
    >();
  });
});

describe("error codes", () => {
  it("lists every E1 code with its status and type, and a retry fact read from its meaning", () => {
    const retry = Object.fromEntries(Object.entries(errorCodes).map(([code, facts]) => [code, facts.retry]));
    expect(retry).toEqual({
      2001: "never",
      2002: "always",
      2003: "reads",
      2004: "never",
      2005: "never",
      2006: "reads",
      2007: "rate-limit",
      2008: "rate-limit",
      2101: "never",
      2102: "never",
      2103: "never",
    });
    expect([errorCodes[2007].limit, errorCodes[2008].limit]).toEqual(["requests", "tokens"]);
    expect(errorCodes[2101]).toMatchObject({ status: 401, type: "Unauthorized" });
    expect(errorCodes[2002]).toMatchObject({ status: 424, type: "FailedDependency" });
    for (const facts of Object.values(errorCodes)) {
      expect(String(facts.status)).toBe(
        { BadRequest: "400", Unauthorized: "401", Forbidden: "403", FailedDependency: "424", TooManyRequests: "429" }[
          facts.type
        ],
      );
    }
  });
});
