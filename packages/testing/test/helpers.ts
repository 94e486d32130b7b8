import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createFile, type Movie, MP4BoxBuffer } from "mp4box";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { parse } from "yaml";
import { type MediaName, type MockServer, mediaFile, startMockServer, type Video } from "../src/index.js";

/** The bundled spec, read from spec/openapi.yaml (the YAML, not the generated module, so the two are checked against each other). */
export const bundledSpec = parse(readFileSync(new URL("../../../spec/openapi.yaml", import.meta.url), "utf8")) as {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
};

let ajv: InstanceType<typeof Ajv2020> | undefined;

/**
 * A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) for a schema in the bundled spec, with
 * the spec's formats checked and its annotations allowed.
 */
export function schemaValidator(name: string): ValidateFunction {
  if (ajv === undefined) {
    ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isSafeInteger(value) });
    ajv.addFormat("binary", true);
    ajv.addKeyword("example");
    for (const keyword of [
      "x-tokenops-source",
      "x-tokenops-final",
      "x-tokenops-family",
      "x-tokenops-models",
      "x-tokenops-error-codes",
    ]) {
      ajv.addKeyword(keyword);
    }
    const $defs = JSON.parse(
      JSON.stringify(bundledSpec.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"),
    );
    ajv.addSchema({ $id: "https://tokenops.test/spec", $defs });
  }
  const validate = ajv.getSchema(`https://tokenops.test/spec#/$defs/${name}`);
  if (validate === undefined) throw new Error(`no schema ${name}`);
  return validate;
}

/** OpenAI's published videos contract, as copied into spec/reference/openai-videos.yaml. */
const openaiContract = parse(
  readFileSync(new URL("../../../spec/reference/openai-videos.yaml", import.meta.url), "utf8"),
) as {
  components: { schemas: Record<string, unknown> };
};

let openaiAjv: InstanceType<typeof Ajv2020> | undefined;

/**
 * A validator for a schema of OpenAI's published contract (e.g. `VideoResource`, which requires
 * every field of the video object), so the mock's answers are checked against what the `openai`
 * package's users get in production, not only against our spec.
 */
export function openaiSchemaValidator(name: string): ValidateFunction {
  if (openaiAjv === undefined) {
    // Not strict: the contract carries its generator's annotations (x-stainless-const, deprecated, …).
    openaiAjv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(openaiAjv);
    openaiAjv.addFormat("unixtime", { type: "number", validate: (value: number) => Number.isSafeInteger(value) });
    const $defs = JSON.parse(
      JSON.stringify(openaiContract.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"),
    );
    openaiAjv.addSchema({ $id: "https://tokenops.test/openai", $defs });
  }
  const validate = openaiAjv.getSchema(`https://tokenops.test/openai#/$defs/${name}`);
  if (validate === undefined) throw new Error(`no schema ${name} in OpenAI's contract`);
  return validate;
}

/** The fields of OpenAI's video object, from its contract: every video answer carries each one. */
export const videoFields = (openaiContract.components.schemas.VideoResource as { required: string[] }).required;

/** The headers every authenticated test request sends. */
export const auth = { authorization: "Bearer test-key" } as const;

/** A create body as FormData, as a client would send it. */
export function createForm(fields: Record<string, string> = {}, reference?: MediaName | File): FormData {
  const form = new FormData();
  form.set("model", "sora-2");
  form.set("prompt", "a red fox in the snow");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (reference !== undefined)
    form.set("input_reference", typeof reference === "string" ? mediaFile(reference) : reference);
  return form;
}

/**
 * Width, height, duration and codec of an MP4, read from its boxes with mp4box; with its video track's own
 * duration (its samples' sum) and sample count, so a header claiming a longer movie than its frames fill shows.
 */
export function mp4Info(bytes: Uint8Array): {
  width: number;
  height: number;
  duration: number;
  codec: string;
  trackDuration: number;
  samples: number;
} {
  const file = createFile();
  let movie: Movie | undefined;
  file.onReady = (info) => {
    movie = info;
  };
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(buffer, 0));
  file.flush();
  const track = movie?.videoTracks[0];
  if (movie === undefined || track === undefined) throw new Error("not an MP4 with a video track");
  return {
    width: track.video?.width ?? track.track_width,
    height: track.video?.height ?? track.track_height,
    duration: movie.duration / movie.timescale,
    codec: track.codec,
    trackDuration: track.samples_duration / track.timescale,
    samples: track.nb_samples,
  };
}

/** Asserts the spec's ErrorResponse envelope (OpenAI's style) with `status` and `code`, and returns its error. */
export async function expectError(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = await response.json();
  const validate = schemaValidator("ErrorResponse");
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  expect(body.error.message).toEqual(expect.any(String));
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error as { message: string; code: string; param: string | null; type: string };
}

/** Plain HTTP calls to a mock's API at `baseUrl`, with the test key, for tests that check the wire. */
export function videosApi(baseUrl: string) {
  const send = (path: string, init: RequestInit = {}, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, { ...init, headers: { ...auth, ...headers } });
  return {
    create: (fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      send("/v1/videos", { method: "POST", body: createForm(fields) }, headers),
    async createVideo(fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Video> {
      const response = await this.create(fields, headers);
      expect(response.status).toBe(200);
      return (await response.json()) as Video;
    },
    retrieve: (id: string, headers: Record<string, string> = {}) => send(`/v1/videos/${id}`, {}, headers),
    list(query: Record<string, string | number> = {}, headers: Record<string, string> = {}) {
      const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
      return send(search.size > 0 ? `/v1/videos?${search}` : "/v1/videos", {}, headers);
    },
    delete: (id: string, headers: Record<string, string> = {}) =>
      send(`/v1/videos/${id}`, { method: "DELETE" }, headers),
    content: (id: string, query = "", headers: Record<string, string> = {}) =>
      send(`/v1/videos/${id}/content${query}`, {}, headers),
    remix: (
      id: string,
      body: unknown = { model: "sora-2", prompt: "Make it snow" },
      headers: Record<string, string> = {},
    ) =>
      send(
        `/v1/videos/${id}/remix`,
        { method: "POST", body: JSON.stringify(body) },
        { "content-type": "application/json", ...headers },
      ),
  };
}

/**
 * A manual-clock mock server (timeScale 0) for one test file, with `videosApi` calls to it: started
 * before the file's tests, reset after each, closed at the end. Read `server` and `api` inside tests.
 */
export function mockServerPerFile(): { readonly server: MockServer; readonly api: ReturnType<typeof videosApi> } {
  let started: { server: MockServer; api: ReturnType<typeof videosApi> } | undefined;
  const current = () => {
    if (started === undefined) throw new Error("The mock server starts in beforeAll; use it inside a test.");
    return started;
  };
  beforeAll(async () => {
    const server = await startMockServer({ timeScale: 0 });
    started = { server, api: videosApi(server.url) };
  });
  afterEach(() => started?.server.reset());
  afterAll(() => started?.server.close());
  return {
    get server() {
      return current().server;
    },
    get api() {
      return current().api;
    },
  };
}
