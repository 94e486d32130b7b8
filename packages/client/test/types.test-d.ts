import { describe, expectTypeOf, it } from "vitest";
import {
  type APIError,
  type CreateVideoParams,
  type components,
  createClient,
  type RemixVideoParams,
  type TokenOpsClient,
  toFile,
  type Video,
  type VideoFailedError,
  type VideoSeconds,
  type VideoSize,
  type VideoStatus,
  type VideoVariant,
} from "../src/index.js";
import { downloadTo, fileFromPath } from "../src/node/index.js";

type Schemas = components["schemas"];
declare const client: TokenOpsClient;

describe("public types are the spec's", () => {
  it("Video is the spec's VideoStatusResponse, and the create response fits in it", () => {
    expectTypeOf<Video>().toEqualTypeOf<Schemas["VideoStatusResponse"]>();
    expectTypeOf<Schemas["VideoGenerationResponse"]>().toMatchTypeOf<Video>();
  });

  it("names the statuses, sizes, seconds and variants from the spec", () => {
    expectTypeOf<VideoStatus>().toEqualTypeOf<Schemas["VideoStatus"]>();
    expectTypeOf<VideoSize>().toEqualTypeOf<"720x1280" | "1280x720">();
    expectTypeOf<VideoSeconds>().toEqualTypeOf<"4" | "8" | "12">();
    expectTypeOf<VideoVariant>().toEqualTypeOf<"video" | "thumbnail" | "spritesheet">();
    expectTypeOf<RemixVideoParams>().toEqualTypeOf<Schemas["RemixVideoRequest"]>();
  });

  it("CreateVideoParams is the spec's create body, with seconds also as the numbers 4, 8, 12", () => {
    expectTypeOf<CreateVideoParams["seconds"]>().toEqualTypeOf<"4" | "8" | "12" | 4 | 8 | 12 | undefined>();
    expectTypeOf<CreateVideoParams["input_reference"]>().toEqualTypeOf<Blob | undefined>();
    const ok: CreateVideoParams = { model: "sora-2", prompt: "a cat", size: "1280x720", seconds: 8 };
    // @ts-expect-error a size the spec does not list
    const badSize: CreateVideoParams = { model: "sora-2", prompt: "a cat", size: "999x999" };
    // @ts-expect-error 5 seconds is not allowed
    const badSeconds: CreateVideoParams = { model: "sora-2", prompt: "a cat", seconds: 5 };
    // @ts-expect-error prompt is required
    const noPrompt: CreateVideoParams = { model: "sora-2" };
    // @ts-expect-error input_reference is a file, not a URL
    const url: CreateVideoParams = { model: "sora-2", prompt: "x", input_reference: "https://example.com/a.png" };
    void [ok, badSize, badSeconds, noPrompt, url];
  });
});

describe("the client", () => {
  it("is an openapi-fetch client typed by the spec's paths", async () => {
    expectTypeOf(createClient).returns.toEqualTypeOf<TokenOpsClient>();
    const { data } = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: "v" } } });
    expectTypeOf(data).toEqualTypeOf<Video | undefined>();
    // @ts-expect-error no such path
    await client.GET("/v1/nope");
    // @ts-expect-error the path parameter is required
    await client.GET("/v1/videos/{video_id}", {});
    client.use({ onRequest: ({ request }) => request });
  });

  it("has videos methods resolving to Video and Response", () => {
    expectTypeOf(client.videos.create).returns.resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.retrieve).returns.resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.remix).returns.resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.waitFor).returns.resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.createAndWait).returns.resolves.toEqualTypeOf<Video>();
    expectTypeOf(client.videos.content).returns.resolves.toEqualTypeOf<Response>();
    expectTypeOf(client.videos.waitFor).parameter(1).toEqualTypeOf<
      | {
          intervalMs?: number | undefined;
          timeoutMs?: number | undefined;
          signal?: AbortSignal | undefined;
          onProgress?: ((video: Video) => void) | undefined;
        }
      | undefined
    >();
    // @ts-expect-error remix needs a prompt
    void client.videos.remix("v", { model: "sora-2" });
    // @ts-expect-error an unknown variant
    void client.videos.content("v", { variant: "poster" });
  });

  it("types the errors' fields", () => {
    expectTypeOf<APIError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<APIError["code"]>().toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf<APIError["param"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<APIError["type"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<APIError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<APIError["headers"]>().toEqualTypeOf<Headers>();
    expectTypeOf<VideoFailedError["video"]>().toEqualTypeOf<Video>();
  });
});

describe("uploads and downloads", () => {
  it("toFile and fileFromPath give Files; downloadTo gives the bytes written", () => {
    expectTypeOf(toFile).returns.resolves.toEqualTypeOf<File>();
    expectTypeOf(toFile).parameter(0).toEqualTypeOf<Blob | Uint8Array | ArrayBuffer | Response>();
    expectTypeOf(fileFromPath).returns.resolves.toEqualTypeOf<File>();
    expectTypeOf(downloadTo).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(downloadTo).parameter(0).toMatchTypeOf<Pick<TokenOpsClient, "videos">>();
  });
});
