// A user's program, as ESM, against the installed tarballs: every entry point, the whole lifecycle, and
// the public types under a strict tsconfig. The @ts-expect-error lines fail the type-check if the
// packages' types ever degrade to `any`.
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CreateVideoParams,
  type components,
  createClient,
  DEFAULT_BASE_URL,
  NotFoundError,
  type OperationTypes,
  operations,
  type paths,
  requestRules,
  TokenOpsValidationError,
  type Video,
  type VideoSize,
  type VideoStatus,
} from "@tokenops/client";
import { downloadTo, fileFromPath } from "@tokenops/client/node";
import { fixtures, mediaPath, startMockServer } from "@tokenops/testing";

// @ts-expect-error: not a size the spec allows
const badSize: VideoSize = "999x999";
// @ts-expect-error: Sora-2's form requires a prompt (the params are typed by the model id)
const noPrompt: CreateVideoParams<"sora-2"> = { model: "sora-2" };
void noPrompt;

// The generated contract, exported by the client as its own (the build inlines it).
// @ts-expect-error: not a status the spec names
const badStatus: components["schemas"]["VideoStatus"] = "rendering";
type RemixBody = NonNullable<OperationTypes["remixVideo"]["requestBody"]>["content"]["application/json"];
// @ts-expect-error: remix needs a prompt
const noRemixPrompt: RemixBody = { model: "sora-2" };
type StatusPath = keyof paths;
const statusPath: StatusPath = operations.getVideoStatus.path;
const variants: readonly string[] = requestRules.getVideoContent.query.variant.enum;
const promptRule: { readonly required: true } = requestRules.createVideo.body.prompt;
const fromSpec: string = DEFAULT_BASE_URL;
void [badStatus, noRemixPrompt, statusPath, variants, promptRule, fromSpec];

const server = await startMockServer({ timeScale: 20 });
const folder = await mkdtemp(join(tmpdir(), "tokenops-usage-esm-"));
try {
  const client = createClient({ apiKey: "consumer-test-key", baseUrl: server.url });
  const params: CreateVideoParams = {
    model: "sora-2",
    prompt: "A paper boat drifting down a rainy street",
    size: "1280x720",
    seconds: "4",
    input_reference: await fileFromPath(mediaPath("reference-1280x720.png")),
  };
  const created: Video = await client.videos.create(params);
  const done = await client.videos.waitFor(created.id, { pollIntervalMs: 20 });
  const status: VideoStatus = done.status;
  if (status !== "completed") throw new Error(`waitFor ended with ${status}`);

  const path = join(folder, "video.mp4");
  const written = await downloadTo(client, done.id, path);
  const head = new Uint8Array(8);
  const file = await open(path);
  await file.read(head, 0, 8, 0);
  await file.close();
  if (new TextDecoder().decode(head.subarray(4, 8)) !== "ftyp") throw new Error("downloaded file is not an MP4");

  const remix = await client.videos.remix(done.id, { model: "sora-2", prompt: "Make it snow" });
  if (remix.remixed_from_video_id !== done.id) throw new Error("remix lost remixed_from_video_id");

  // The raw openapi-fetch call, typed by the spec's paths.
  const { data, error } = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: done.id } } });
  if (error !== undefined || data?.id !== done.id) throw new Error("raw GET failed");

  const missing = await client.videos.retrieve("video_missing").catch((e: unknown) => e);
  if (!(missing instanceof NotFoundError) || missing.status !== 404) throw new Error("expected NotFoundError");

  const invalid = await client.videos.create({ ...params, size: badSize }).catch((e: unknown) => e);
  if (!(invalid instanceof TokenOpsValidationError)) throw new Error("expected TokenOpsValidationError");

  const fixture: Video = fixtures.video({ status: "completed" });
  console.log(
    JSON.stringify({
      format: "esm",
      status,
      bytes: written,
      remix: remix.id,
      fixture: fixture.status,
      requests: server.requests.length,
    }),
  );
} finally {
  await rm(folder, { recursive: true, force: true });
  await server.close();
}
