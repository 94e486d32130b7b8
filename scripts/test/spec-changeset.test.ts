import { describe, expect, it } from "vitest";
import { changesetFor } from "../spec/changeset.ts";
import { diffSpecs } from "../spec/diff.ts";
import type { OpenAPIDocument } from "../spec/extract.ts";

/** A small spec: one create operation whose body and response are the given schemas. */
function spec(body: Record<string, unknown>, extra: Record<string, unknown> = {}): OpenAPIDocument {
  return {
    openapi: "3.1.0",
    paths: {
      "/v1/things": {
        post: {
          operationId: "createThing",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Body" } } },
          },
          responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
      ...extra,
    },
    components: { schemas: { Body: body } },
  };
}

const base = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string" },
    size: { type: "string", enum: ["s", "m"] },
    note: { type: ["string", "null"] },
  },
};
const edit = (change: (body: typeof base & Record<string, unknown>) => void) => {
  const body = structuredClone(base) as typeof base & Record<string, unknown>;
  change(body);
  return spec(body);
};
const verdicts = (after: OpenAPIDocument) => diffSpecs(spec(base), after).map((c) => [c.breaking, c.what]);

describe("spec:changeset classification", () => {
  it("finds no change between equal specs", () => {
    expect(diffSpecs(spec(base), spec(structuredClone(base)))).toEqual([]);
    expect(changesetFor([])).toBeUndefined();
  });

  it("calls a removed operation breaking and an added one not", () => {
    const withGet = spec(base, { "/v1/things/{id}": { get: { operationId: "getThing", responses: {} } } });
    expect(diffSpecs(withGet, spec(base))).toEqual([
      { breaking: true, where: "GET /v1/things/{id} (getThing)", what: "operation removed" },
    ]);
    expect(diffSpecs(spec(base), withGet)).toEqual([
      { breaking: false, where: "GET /v1/things/{id} (getThing)", what: "operation added" },
    ]);
  });

  it("calls a removed field breaking and an added optional field not", () => {
    expect(verdicts(edit((b) => delete (b.properties as Record<string, unknown>).note))).toEqual([
      [true, "Body.note removed"],
    ]);
    expect(verdicts(edit((b) => Object.assign(b.properties, { color: { type: "string" } })))).toEqual([
      [false, "Body.color added"],
    ]);
  });

  it("calls a removed enum value breaking and an added one not", () => {
    expect(verdicts(edit((b) => (b.properties.size.enum = ["s"])))).toEqual([
      [true, 'Body.size: enum value "m" removed'],
    ]);
    expect(verdicts(edit((b) => (b.properties.size.enum = ["s", "m", "l"])))).toEqual([
      [false, 'Body.size: enum value "l" added'],
    ]);
  });

  it("calls a field that became required breaking, and one that became optional not", () => {
    expect(verdicts(edit((b) => (b.required = ["name", "size"])))).toEqual([[true, "Body.size became required"]]);
    expect(verdicts(edit((b) => (b.required = [])))).toEqual([[false, "Body.name became optional"]]);
  });

  it("calls a narrowed type breaking and a widened one not", () => {
    expect(verdicts(edit((b) => (b.properties.note = { type: ["string"] })))).toEqual([
      [true, "Body.note no longer accepts type null"],
    ]);
    expect(verdicts(edit((b) => (b.properties.name = { type: "string", enum: ["a"] } as never)))).toEqual([
      [true, 'Body.name narrowed to "a"'],
    ]);
    expect(verdicts(edit((b) => (b.properties.name = { type: ["string", "integer"] } as never)))).toEqual([
      [false, "Body.name also accepts type integer"],
    ]);
  });

  it("writes a major changeset for breaking changes and a minor one otherwise, naming the operations", () => {
    const breaking = changesetFor([
      { breaking: true, where: "POST /v1/things (createThing)", what: "request body.size removed" },
      { breaking: false, where: "schema Body", what: "added" },
    ]);
    expect(breaking).toMatch(/^---\n"@tokenops\/client": major\n---\n/);
    expect(breaking).toContain("operations changed: POST /v1/things (createThing)");
    expect(breaking).toContain("- POST /v1/things (createThing): **breaking:** request body.size removed");
    const additive = changesetFor([{ breaking: false, where: "GET /v1/x (getX)", what: "operation added" }]);
    expect(additive).toMatch(/^---\n"@tokenops\/client": minor\n---\n/);
  });
});
