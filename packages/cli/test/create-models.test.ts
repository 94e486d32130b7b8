import { statSync } from "node:fs";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readMp4Info } from "../src/mp4-info.js";
import { runCli, startStubServer, tempDir } from "./helpers.js";

let server: MockServer;
let dir: ReturnType<typeof tempDir>;
const env = () => ({ TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: "test-key" });
const hailuo = ["videos", "create", "--model", "MiniMax-Hailuo-2.3", "--prompt", "a fox"];

beforeAll(async () => {
  server = await startMockServer({ host: "127.0.0.1", timeScale: 10 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  dir = tempDir();
});
afterEach(() => dir.remove());

/** Runs a create that must be refused before any request: exit 2, nothing on stdout, nothing sent. */
async function refused(args: string[]): Promise<string> {
  const result = await runCli(args, env());
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(server.requests).toHaveLength(0);
  return result.stderr.replace(/\s+/g, " ");
}

describe("videos create --model: any model, its own limits", () => {
  it("requires --model, pointing at tokenops models (no default: each model has its own price and limits)", async () => {
    const stderr = await refused(["videos", "create", "--prompt", "a fox"]);
    expect(stderr).toContain("error: --model is required");
    expect(stderr).toContain("tokenops models lists them (e.g. --model doubao-seedance-2-0-260128)");
  });

  it("refuses seconds the model cannot take, naming the model and its allowed values (MiniMax-Hailuo-2.3: 6 and 10)", async () => {
    const stderr = await refused([...hailuo, "--seconds", "8"]);
    expect(stderr).toMatch(/invalid --seconds for MiniMax-Hailuo-2\.3: got "?8"?; expected one of 6, 10/);
  });

  it("refuses a resolution the model does not make, naming its resolutions", async () => {
    const stderr = await refused([
      "videos",
      "create",
      "--model",
      "doubao-seedance-2-0-fast-260128",
      "--prompt",
      "a fox",
      "--resolution",
      "1080p",
    ]);
    expect(stderr).toContain("invalid --resolution for doubao-seedance-2-0-fast-260128");
    expect(stderr).toContain("480p, 720p");
  });

  it("refuses a last frame on a model that takes none, naming the models that can", async () => {
    const stderr = await refused([
      "videos",
      "create",
      "--model",
      "doubao-seedance-1-0-pro-fast-251015",
      "--prompt",
      "a fox",
      "--last-frame",
      "https://example.com/last.png",
    ]);
    expect(stderr).toContain("invalid --last-frame for doubao-seedance-1-0-pro-fast-251015");
    expect(stderr).toContain("doubao-seedance-1-0-pro-250528");
  });

  it("refuses a field of another family, naming its family and the model's own flags", async () => {
    const stderr = await refused([...hailuo, "--watermark", "false"]);
    expect(stderr).toContain(
      "error: --watermark is a field of Doubao Seedance; MiniMax-Hailuo-2.3 is a MiniMax Hailuo model, which takes the common parameters and --prompt-optimizer, --first-frame-image, --last-frame-image",
    );
  });

  it("refuses Sora's --input-reference for another family, pointing at --image", async () => {
    const stderr = await refused([...hailuo, "--input-reference", "frame.png"]);
    expect(stderr).toContain("--input-reference is a field of OpenAI Sora-2;");
    expect(stderr).toContain("--image gives any model its first frame.");
  });

  it("refuses an --image file that does not exist, naming the flag", async () => {
    const stderr = await refused([...hailuo, "--image", join(dir.path, "missing.png")]);
    expect(stderr).toContain(`error: --image: cannot read "${join(dir.path, "missing.png")}" (no such file)`);
  });

  it("refuses a value outside a one-family field's list before parsing the rest", async () => {
    const stderr = await refused([
      "videos",
      "create",
      "--model",
      "jimeng-video-3.0-pro",
      "--prompt",
      "a fox",
      "--frames",
      "100",
    ]);
    expect(stderr).toContain("option '--frames <frames>' argument '100' is invalid. Allowed choices are 121, 241");
  });

  it("lists the common flags and every family's own flags, each naming its families, in the help", async () => {
    const result = await runCli(["videos", "create", "--help"]);
    expect(result.code).toBe(0);
    const help = result.stdout.replace(/\s+/g, " ");
    for (const flag of [
      "--model <id>",
      "--prompt <text>",
      "--seconds <n>",
      "--image <file|url>",
      "--last-frame <file|url>",
    ])
      expect(help).toContain(flag);
    expect(help).toContain("--ratio <w:h>");
    expect(help).toContain("--resolution <res>");
    expect(help).toContain("--audio [true|false]");
    expect(help).toContain("--size <size> [OpenAI Sora-2, Jimeng] The resolution, as width x height.");
    expect(help).toContain("--watermark [true|false] [Doubao Seedance] Whether the video carries a watermark.");
    expect(help).toContain("--req-key <req_key> [Jimeng]");
    expect(help).toContain("--prompt-optimizer [true|false] [MiniMax Hailuo]");
    expect(help).toContain("--input-reference <file> [OpenAI Sora-2]");
  });
});

describe("videos create against the mock, for a live family", () => {
  it("makes a 10 s MiniMax-Hailuo-2.3 video and saves a real MP4 (--mock)", async () => {
    const output = join(dir.path, "fox.mp4");
    const result = await runCli([...hailuo, "--seconds", "10", "--wait", "--output", output, "--mock"]);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(output).size).toBeGreaterThan(0);
    const info = await readMp4Info(output);
    expect(info?.duration).toBeCloseTo(10, 0);
    expect(result.stdout).toContain(`Saved ${output}`);
  });

  it("sends the family's JSON body: the common flags mapped to its fields, its own fields as given", async () => {
    const bodies: unknown[] = [];
    const gateway = await startStubServer((request, response) => {
      let text = "";
      request.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
      });
      request.on("end", () => {
        bodies.push({ type: request.headers["content-type"], body: JSON.parse(text) });
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ id: "cgt-20251110203910-nmfp7", object: "video", status: "in_queue" }));
      });
    });
    try {
      const result = await runCli(
        [
          "videos",
          "create",
          "--model",
          "doubao-seedance-1-0-pro-250528",
          "--prompt",
          "a paper boat",
          "--seconds",
          "5",
          "--resolution",
          "720p",
          "--ratio",
          "16:9",
          "--watermark",
          "false",
          "--last-frame",
          "https://example.com/last.png",
          "--json",
          "--base-url",
          gateway.url,
        ],
        env(),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        id: "cgt-20251110203910-nmfp7",
        object: "video",
        status: "in_queue",
      });
      expect(bodies).toEqual([
        {
          type: expect.stringMatching(/^application\/json/),
          body: {
            model: "doubao-seedance-1-0-pro-250528",
            content: [
              { type: "text", text: "a paper boat" },
              { type: "image_url", image_url: { url: "https://example.com/last.png" }, role: "last_frame" },
            ],
            duration: 5,
            resolution: "720p",
            ratio: "16:9",
            watermark: false,
          },
        },
      ]);
    } finally {
      await gateway.close();
    }
  });
});
