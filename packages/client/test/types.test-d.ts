import { describe, expectTypeOf, it } from "vitest";
import {
  type APIError,
  type CreateVideoParams,
  type components,
  createClient,
  type DeletedVideo,
  type ListVideosParams,
  type OperationTypes,
  type RemixVideoParams,
  type TokenOpsClient,
  toFile,
  type Video,
  type VideoContentTypeError,
  type VideoError,
  type VideoExpiredError,
  type VideoFailedError,
  type VideoPage,
  type VideoPagePromise,
  type VideoSeconds,
  type VideoSize,
  type VideoStatus,
  type VideoVariant,
  type variantMediaTypes,
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
    expectTypeOf<CreateVideoParams<"sora-2">["seconds"]>().toEqualTypeOf<"4" | "8" | "12" | 4 | 8 | 12 | undefined>();
    expectTypeOf<CreateVideoParams<"sora-2">["input_reference"]>().toEqualTypeOf<Blob | undefined>();
    const ok: CreateVideoParams<"sora-2"> = { model: "sora-2", prompt: "a cat", size: "1280x720", seconds: 8 };
    // @ts-expect-error a size the spec does not list
    const badSize: CreateVideoParams<"sora-2"> = { model: "sora-2", prompt: "a cat", size: "999x999" };
    // @ts-expect-error 5 seconds is not allowed
    const badSeconds: CreateVideoParams<"sora-2"> = { model: "sora-2", prompt: "a cat", seconds: 5 };
    // @ts-expect-error prompt is required
    const noPrompt: CreateVideoParams<"sora-2"> = { model: "sora-2" };
    const url: CreateVideoParams<"sora-2"> = {
      model: "sora-2",
      prompt: "x",
      // @ts-expect-error input_reference is a file, not a URL
      input_reference: "https://example.com/a.png",
    };
    void [ok, badSize, badSeconds, noPrompt, url];
  });
});

describe("the video object, as OpenAI sends it (nulls) and as gateways that leave fields out send it", () => {
  it("compiles with every nullable field null, and with OpenAI's other sizes and models", () => {
    const fromOpenAI: Video = {
      id: "video_1",
      object: "video",
      model: "sora-2-pro-2025-10-06",
      status: "queued",
      progress: 0,
      created_at: 1741570283,
      completed_at: null,
      expires_at: null,
      prompt: null,
      size: "1792x1024",
      seconds: "12",
      remixed_from_video_id: null,
      error: null,
    };
    void fromOpenAI;
  });

  it("compiles with those fields left out", () => {
    const fromGateway: Video = { id: "video_1", object: "video", status: "queued" };
    void fromGateway;
  });

  it("types each nullable field as T | null, and optional", () => {
    expectTypeOf<Video["completed_at"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Video["expires_at"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Video["prompt"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Video["remixed_from_video_id"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Video["error"]>().toEqualTypeOf<VideoError | null | undefined>();
    expectTypeOf<Video["size"]>().toEqualTypeOf<string | undefined>();
  });

  it("lets code written for the openai package compare error with null", () => {
    const video = {} as Video;
    if (video.error === null) expectTypeOf(video.error).toEqualTypeOf<null>();
    else if (video.error !== undefined) expectTypeOf(video.error.message).toEqualTypeOf<string | undefined>();
  });
});

describe("list and delete", () => {
  it("list awaits to the spec's page and iterates videos", async () => {
    expectTypeOf(client.videos.list).returns.toEqualTypeOf<VideoPagePromise>();
    expectTypeOf<VideoPage>().toEqualTypeOf<Schemas["VideoListResponse"]>();
    const page = await client.videos.list({ limit: 10 });
    expectTypeOf(page).toEqualTypeOf<VideoPage>();
    expectTypeOf(page.last_id).toEqualTypeOf<string | null | undefined>();
    for await (const video of client.videos.list()) expectTypeOf(video).toEqualTypeOf<Video>();
  });

  it("ListVideosParams is the operation's query: limit, order, after", () => {
    expectTypeOf<ListVideosParams>().toEqualTypeOf<NonNullable<OperationTypes["listVideos"]["parameters"]["query"]>>();
    expectTypeOf<ListVideosParams["order"]>().toEqualTypeOf<"asc" | "desc" | undefined>();
    // @ts-expect-error an order the spec does not list
    void client.videos.list({ order: "newest" });
    // @ts-expect-error limit is a number
    void client.videos.list({ limit: "10" });
  });

  it("delete resolves with the spec's deleted object", () => {
    expectTypeOf(client.videos.delete).returns.resolves.toEqualTypeOf<DeletedVideo>();
    expectTypeOf<DeletedVideo>().toEqualTypeOf<Schemas["DeletedVideoResponse"]>();
  });
});

describe("the content checks", () => {
  type ContentTypes = keyof OperationTypes["getVideoContent"]["responses"][200]["content"];

  it("has a media type for every variant, among the types the spec lists, and every file type is one", () => {
    expectTypeOf<keyof typeof variantMediaTypes>().toEqualTypeOf<VideoVariant>();
    expectTypeOf<(typeof variantMediaTypes)[VideoVariant]>().toEqualTypeOf<Exclude<ContentTypes, "application/json">>();
  });

  it("types the new errors' fields", () => {
    expectTypeOf<VideoExpiredError>().toMatchTypeOf<APIError>();
    expectTypeOf<VideoExpiredError["expiresAt"]>().toEqualTypeOf<number | null>();
    expectTypeOf<VideoExpiredError["videoId"]>().toEqualTypeOf<string>();
    expectTypeOf<VideoContentTypeError["contentType"]>().toEqualTypeOf<string>();
    expectTypeOf<VideoContentTypeError["expected"]>().toEqualTypeOf<string>();
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
          deadlineMs?: number | undefined;
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
