import type { operationMethods } from "@tokenops/contract";
import { describe, expectTypeOf, it } from "vitest";
import type { CreatedVideo, components, DeletedVideo, TokenOpsClient, Video, VideoPage } from "../src/index.js";

declare const client: TokenOpsClient;
type Schemas = components["schemas"];

describe("client.videos' methods are typed from the spec's paths", () => {
  it("answers with each operation's response schema", () => {
    expectTypeOf(client.videos.create({ model: "sora-2", prompt: "x" })).resolves.toEqualTypeOf<CreatedVideo>();
    expectTypeOf<CreatedVideo>().toEqualTypeOf<Schemas["VideoGenerationResponse"]>();
    expectTypeOf(client.videos.retrieve("video_1")).resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.remix("video_1", { model: "sora-2", prompt: "x" })).resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.delete("video_1")).resolves.toEqualTypeOf<DeletedVideo>();
    expectTypeOf(client.videos.list()).resolves.toEqualTypeOf<VideoPage>();
  });

  it("refuses a wrong path parameter", () => {
    // @ts-expect-error video_id is a string
    client.videos.retrieve(42);
    // @ts-expect-error video_id is required
    client.videos.delete();
    // @ts-expect-error remix takes the id first
    client.videos.remix({ model: "sora-2", prompt: "x" });
  });

  it("refuses a body field the spec does not have, or one of the wrong type", () => {
    // @ts-expect-error remix's body has no `size`
    client.videos.remix("video_1", { model: "sora-2", prompt: "x", size: "1280x720" });
    // @ts-expect-error remix's body needs the model
    client.videos.remix("video_1", { prompt: "x" });
    // @ts-expect-error create's prompt is a string
    client.videos.create({ model: "sora-2", prompt: 1 });
    // @ts-expect-error create's body has no `loop` (spec-change.test.ts adds `fps` and `style` to a copy: not those)
    client.videos.create({ model: "sora-2", prompt: "x", loop: true });
    // @ts-expect-error a size the spec does not list
    client.videos.create({ model: "sora-2", prompt: "x", size: "640x480" });
  });

  it("refuses a query parameter the spec does not have", () => {
    // @ts-expect-error list has no `page`
    client.videos.list({ page: 2 });
    // @ts-expect-error order is asc or desc
    client.videos.list({ order: "newest" });
  });

  it("the generated layer itself takes openapi-fetch's typed client", () => {
    type Methods = ReturnType<typeof operationMethods<object>>;
    expectTypeOf<Parameters<Methods["retrieve"]>[0]>().toEqualTypeOf<string>();
    expectTypeOf<Parameters<Methods["remix"]>[1]>().toEqualTypeOf<Schemas["RemixVideoRequest"]>();
  });
});
