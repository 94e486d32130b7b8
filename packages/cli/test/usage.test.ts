import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEDIA, runCli, tempDir } from "./helpers.js";

let server: MockServer;
const env = () => ({ TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: "test-key" });
const create = ["videos", "create", "--model", "sora-2", "--prompt", "a red fox"];

beforeAll(async () => {
  server = await startMockServer({ host: "127.0.0.1" });
});
afterAll(() => server.close());

// Every case here must be refused before a request: the mock's request log stays empty.
async function refused(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  server.reset();
  const result = await runCli(args, { ...env(), ...extraEnv });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(server.requests).toHaveLength(0);
  return result.stderr;
}

describe("usage", () => {
  it("prints the command list with --help and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: tokenops [options] [command]");
    expect(result.stdout).toContain("videos");
    expect(result.stdout).toContain("mock");
    expect(result.stdout).toContain("130 interrupted");
  });

  it("lists the allowed values in the commands' help, and points create at tokenops models for each model's", async () => {
    // Help wraps at 80 columns off a terminal; compare with whitespace collapsed.
    const help = async (...args: string[]) => {
      const result = await runCli([...args, "--help"]);
      expect(result.code).toBe(0);
      return result.stdout.replace(/\s+/g, " ");
    };
    // What --seconds or --resolution may be depends on the model: tokenops models lists it.
    const create = await help("videos", "create");
    expect(create).toContain("--model <id> the model: it decides the fields, limits and price (tokenops models)");
    expect(create).toContain("--seconds <n> the duration in seconds: the model's list or range");
    expect(create).toContain(
      '--frames <frames> [Jimeng] The number of frames (121 = 5 s, 241 = 10 s). (server default: 121) (choices: "121", "241")',
    );
    expect(await help("videos", "download")).toContain(
      '--variant <variant> Which file to download. (server default: video) (choices: "video", "thumbnail", "spritesheet")',
    );
  });

  it("prints the version with --version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 with help when no command is given", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: tokenops");
  });
});

describe("bad flags are refused before any request, exit 2", () => {
  it("an unknown option", async () => {
    expect(await refused([...create, "--colour", "red"])).toContain("unknown option '--colour'");
  });

  it("an unknown command, with a suggestion", async () => {
    expect(await refused(["videos", "craete"])).toContain("(Did you mean create?)");
  });

  it("a missing --prompt", async () => {
    expect(await refused(["videos", "create", "--model", "sora-2"])).toContain(
      "required option '--prompt <text>' not specified",
    );
  });

  it("an unknown size, naming --size and the allowed values", async () => {
    const stderr = await refused([...create, "--size", "999x999"]);
    expect(stderr).toContain("--size");
    expect(stderr).toContain("999x999");
    expect(stderr).toContain("720x1280, 1280x720");
  });

  it("unknown seconds, naming --seconds and the allowed values", async () => {
    const stderr = await refused([...create, "--seconds", "5"]);
    expect(stderr).toContain("--seconds");
    expect(stderr).toContain("4, 8, 12");
  });

  it("an unknown variant", async () => {
    const stderr = await refused(["videos", "download", "video_1", "--output", "x.mp4", "--variant", "poster"]);
    expect(stderr).toContain("--variant");
    expect(stderr).toContain("video, thumbnail, spritesheet");
  });

  it("an --output named for another variant: refused naming the variant's type and the name to use", async () => {
    const download = ["videos", "download", "video_1", "--variant", "thumbnail", "--output", "renders/x.mp4"];
    expect(await refused(download)).toContain(
      'error: --output: "renders/x.mp4" is named as video/mp4, but the thumbnail variant is image/webp; name it "renders/x.webp".',
    );
    expect(await refused(["videos", "download", "video_1", "--output", "x.JPG"])).toContain(
      'error: --output: "x.JPG" is named as image/jpeg, but the video variant is video/mp4; name it "x.mp4".',
    );
    expect(await refused([...create, "--output", "x.webp"])).toContain("the video variant is video/mp4");
    expect(await refused(["videos", "wait", "video_1", "--variant", "spritesheet", "--output", "s.webp"])).toContain(
      'name it "s.jpg"',
    );
  });

  it("a missing --input-reference file", async () => {
    const stderr = await refused([...create, "--input-reference", "/nonexistent/first-frame.png"]);
    expect(stderr).toContain('--input-reference: cannot read "/nonexistent/first-frame.png" (no such file)');
  });

  it("an --input-reference that is a folder", async () => {
    expect(await refused([...create, "--input-reference", MEDIA])).toContain("is not a file");
  });

  it("an --input-reference that is not an image", async () => {
    const stderr = await refused([...create, "--input-reference", `${MEDIA}video-1280x720-4s.mp4`]);
    expect(stderr).toContain("invalid --input-reference");
    expect(stderr).toMatch(/jpg.*png.*webp/);
  });

  it("an --input-reference named .png whose bytes are not an image, saying that the bytes are at fault", async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, "x.png");
      writeFileSync(path, "hello\n");
      const stderr = await refused([...create, "--size", "1280x720", "--input-reference", path]);
      expect(stderr).toContain(
        "error: invalid --input-reference: got bytes that are not an image, whatever the name says (image/png); expected a JPEG, PNG or WebP image.",
      );
    } finally {
      dir.remove();
    }
  });

  it("a reference image whose pixel size is not --size, naming both sizes", async () => {
    const stderr = await refused([
      ...create,
      "--size",
      "1280x720",
      "--input-reference",
      `${MEDIA}reference-720x1280.png`,
    ]);
    expect(stderr).toContain("invalid --input-reference");
    expect(stderr).toContain("720x1280");
    expect(stderr).toContain("1280x720");
  });

  it("an --output in a folder that does not exist", async () => {
    const stderr = await refused([...create, "--output", "/nonexistent/folder/out.mp4"]);
    expect(stderr).toContain('--output: cannot write into "/nonexistent/folder"');
  });

  it("an --output that is a folder", async () => {
    const dir = tempDir();
    try {
      expect(await refused([...create, "--output", dir.path])).toContain("is a folder");
    } finally {
      dir.remove();
    }
  });

  it("--mock together with --base-url", async () => {
    expect(await refused([...create, "--mock", "--base-url", server.url])).toMatch(
      /--base-url.*cannot be used with.*--mock/,
    );
  });

  it("a --poll-interval that is not a number", async () => {
    expect(await refused(["videos", "wait", "video_1", "--poll-interval", "soon"])).toContain(
      '--poll-interval takes a whole number from 1, got "soon"',
    );
  });

  it("a --base-url that is not a URL", async () => {
    expect(await refused(["videos", "get", "video_1", "--base-url", "not a url"])).toContain("--base-url");
  });

  it("no API key and no --mock: says how to get either", async () => {
    const stderr = await refused(["videos", "get", "video_1"], { TOKENOPS_API_KEY: "" });
    expect(stderr).toContain("--api-key");
    expect(stderr).toContain("TOKENOPS_API_KEY");
    expect(stderr).toContain("--mock");
  });

  it("a remix with a model the spec does not list", async () => {
    const stderr = await refused(["videos", "remix", "video_1", "--prompt", "snow", "--model", "veo-9"]);
    expect(stderr).toContain("--model");
    expect(stderr).toContain("sora-2");
  });
});

describe("--no-validate sends what the spec does not list, and the server decides", () => {
  it("the README's example does what its comment says against the mock: 400 invalid_value", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const block = /```sh\n((?:#[^\n]*\n)+)(tokenops [^\n]*--no-validate)\n```/.exec(readme);
    expect(block?.[1]).toContain("Needs the real gateway");
    expect(block?.[1]).toContain("400 invalid_value");
    const args =
      (block?.[2] ?? "")
        .match(/"[^"]*"|\S+/g)
        ?.slice(1)
        .map((arg) => arg.replace(/^"|"$/g, "")) ?? [];
    const result = await runCli([...args, "--mock"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain("status: 400");
    expect(result.stderr).toContain("code: invalid_value");
    expect(result.stderr).toContain("1792x1024");
  });

  async function sent(args: string[]) {
    server.reset();
    const result = await runCli(args, env());
    expect(server.requests, result.stderr).toHaveLength(1);
    return { result, request: server.requests[0] };
  }

  it("a size another model offers reaches the server on create", async () => {
    const { result, request } = await sent([...create, "--size", "1792x1024", "--no-validate"]);
    expect(request?.operation).toBe("createVideo");
    // This mock follows TokenOps' spec, so it is the server that refuses the size now.
    expect(request?.status).toBe(400);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("1792x1024");
    expect(result.stderr).toContain("status: 400");
  });

  it("a remix model the spec does not list reaches the server", async () => {
    const { request } = await sent([
      "videos",
      "remix",
      "video_1",
      "--prompt",
      "snow",
      "--model",
      "veo-9",
      "--no-validate",
    ]);
    expect(request?.operation).toBe("remixVideo");
  });

  it("a variant the spec does not list reaches the server on download", async () => {
    const dir = tempDir();
    try {
      const output = `${dir.path}/poster.png`;
      const { request, result } = await sent([
        "videos",
        "download",
        "video_1",
        "--output",
        output,
        "--variant",
        "poster",
        "--no-validate",
      ]);
      expect(request?.operation).toBe("getVideoContent");
      expect(request?.path).toContain("variant=poster");
      // The server refused the variant: the same command would get the same answer, so none is offered.
      expect(result.stderr).toContain("code: invalid_value");
      expect(result.stderr).not.toContain("download it with");
    } finally {
      dir.remove();
    }
  });

  it.each([["create"], ["remix"], ["download"], ["wait"]])(
    "is offered, and explained, by `videos %s --help`",
    async (name) => {
      const result = await runCli(["videos", name, "--help"]);
      expect(result.stdout.replace(/\s+/g, " ")).toContain(
        "--no-validate send values the spec does not list (another model's sizes or durations) unchecked",
      );
    },
  );
});
