import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createFile, type Movie, MP4BoxBuffer } from "mp4box";
import { parse } from "yaml";
import { type MediaName, mediaFile } from "../src/index.js";

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
    ajv.addKeyword("x-tokenops-source");
    const $defs = JSON.parse(
      JSON.stringify(bundledSpec.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"),
    );
    ajv.addSchema({ $id: "https://tokenops.test/spec", $defs });
  }
  const validate = ajv.getSchema(`https://tokenops.test/spec#/$defs/${name}`);
  if (validate === undefined) throw new Error(`no schema ${name}`);
  return validate;
}

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

/** Width, height, duration and codec of an MP4, read from its boxes with mp4box. */
export function mp4Info(bytes: Uint8Array): { width: number; height: number; duration: number; codec: string } {
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
  };
}
