import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "../src/index.js";

type CreateBody = NonNullable<paths["/v1/videos"]["post"]["requestBody"]>["content"]["multipart/form-data"];

describe("generated paths: POST /v1/videos body", () => {
  it("accepts a model and a prompt alone", () => {
    const body: CreateBody = { model: "sora-2", prompt: "a cat" };
    expectTypeOf(body).toEqualTypeOf<CreateBody>();
  });

  it("accepts a Blob as input_reference, and the spec's sizes and seconds", () => {
    const body: CreateBody = {
      model: "sora-2",
      prompt: "a cat",
      size: "1280x720",
      seconds: "8",
      input_reference: new Blob([new Uint8Array(8)], { type: "image/png" }),
    };
    expectTypeOf(body.input_reference).toEqualTypeOf<Blob | undefined>();
  });

  it("rejects a size the spec does not list", () => {
    // @ts-expect-error "999x999" is not one of the spec's sizes
    const body: CreateBody = { model: "sora-2", prompt: "a cat", size: "999x999" };
    void body;
  });

  it("rejects seconds outside 4, 8 and 12, and seconds as a number", () => {
    // @ts-expect-error "5" is not one of the spec's durations
    const five: CreateBody = { model: "sora-2", prompt: "a cat", seconds: "5" };
    // @ts-expect-error seconds is a string in the spec
    const four: CreateBody = { model: "sora-2", prompt: "a cat", seconds: 4 };
    void five;
    void four;
  });

  it("rejects a string input_reference", () => {
    // @ts-expect-error input_reference is a file, not a URL or path
    const body: CreateBody = { model: "sora-2", prompt: "a cat", input_reference: "https://example.com/cat.png" };
    void body;
  });

  it("rejects a body without a prompt", () => {
    // @ts-expect-error prompt is required
    const body: CreateBody = { model: "sora-2" };
    void body;
  });
});

describe("generated components", () => {
  it("names every status the service sends in one VideoStatus type", () => {
    expectTypeOf<components["schemas"]["VideoStatus"]>().toEqualTypeOf<
      | "queued"
      | "pending"
      | "in_queue"
      | "in_progress"
      | "processing"
      | "completed"
      | "failed"
      | "cancelled"
      | "expired"
    >();
    expectTypeOf<components["schemas"]["VideoStatusResponse"]["status"]>().toEqualTypeOf<
      components["schemas"]["VideoStatus"]
    >();
  });

  it("requires id and status on every video job response", () => {
    expectTypeOf<components["schemas"]["VideoGenerationResponse"]["id"]>().toEqualTypeOf<string>();
    expectTypeOf<components["schemas"]["VideoStatusResponse"]["id"]>().toEqualTypeOf<string>();
  });
});
