import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Video } from "@tokenops/client";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readMp4Info } from "../src/mp4-info.js";
import { MEDIA, magic, runCli, startCli, startStubServer, tempDir } from "./helpers.js";

let server: MockServer;
// A mock whose clock stands still, for jobs that must still be running when the CLI looks.
let frozen: MockServer;
let dir: ReturnType<typeof tempDir>;
const API_KEY = "sk-cli-test-3c1f9a7e";
const env = () => ({ TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: API_KEY });
const fast = ["--poll-interval", "20"];

beforeAll(async () => {
  // 10x: a job runs 500 ms of real time, 100 ms queued then 400 ms in progress.
  server = await startMockServer({ host: "127.0.0.1", timeScale: 10, apiKey: API_KEY });
  frozen = await startMockServer({ host: "127.0.0.1", timeScale: 0, apiKey: API_KEY });
});
afterAll(() => Promise.all([server.close(), frozen.close()]));
beforeEach(() => {
  server.reset();
  frozen.reset();
  dir = tempDir();
});
afterEach(() => dir.remove());

function parseVideo(stdout: string): Video {
  const video = JSON.parse(stdout) as Video;
  expect(video.object).toBe("video");
  return video;
}

async function createVideo(extra: string[] = [], on: MockServer = server): Promise<Video> {
  const result = await runCli(["videos", "create", "--model", "sora-2", "--prompt", "a red fox", "--json", ...extra], {
    ...env(),
    TOKENOPS_BASE_URL: on.url,
  });
  expect(result.code, result.stderr).toBe(0);
  return parseVideo(result.stdout);
}

// Waits through the CLI rather than forcing the job: under load a 500 ms job may finish before
// the test could complete it by hand.
async function completedVideo(size = "1280x720", seconds = "4"): Promise<Video> {
  const video = await createVideo(["--size", size, "--seconds", seconds, "--wait", ...fast]);
  expect(video.status).toBe("completed");
  return video;
}

describe("videos create", () => {
  it("starts a job and prints it readably, with the next command", async () => {
    const result = await runCli(
      ["videos", "create", "--model", "sora-2", "--prompt", "a red fox", "--size", "1280x720"],
      env(),
    );
    expect(result.code, result.stderr).toBe(0);
    const [job] = server.videos.list();
    expect(job?.prompt).toBe("a red fox");
    expect(job?.video.size).toBe("1280x720");
    expect(result.stdout).toContain(`${job?.video.id}  queued`);
    expect(result.stdout).toMatch(/size\s+1280x720/);
    expect(result.stdout).toContain(`Wait for it with: tokenops videos wait ${job?.video.id}`);
  });

  it("--json prints only the Video JSON on stdout", async () => {
    const result = await runCli(
      ["videos", "create", "--model", "sora-2", "--prompt", "a red fox", "--seconds", "8", "--json"],
      env(),
    );
    expect(result.code).toBe(0);
    const video = parseVideo(result.stdout);
    expect(video.id).toBe(server.videos.list()[0]?.video.id);
    expect(video.seconds).toBe("8");
    expect(result.stderr).toContain(`Created ${video.id}`);
  });

  it("uploads --input-reference as the first frame", async () => {
    const video = await createVideo(["--size", "1280x720", "--input-reference", `${MEDIA}reference-1280x720.png`]);
    expect(server.videos.get(video.id)?.input_reference).toMatchObject({
      filename: "reference-1280x720.png",
      type: "image/png",
      width: 1280,
      height: 720,
    });
  });

  it("--wait --output waits with plain progress lines (not a TTY) and saves a real MP4", async () => {
    const output = join(dir.path, "fox.mp4");
    // On the frozen clock the job moves only when the CLI has printed where it is: the lines are the same on
    // every run, however slow the machine.
    const cli = startCli(
      [
        "videos",
        "create",
        "--model",
        "sora-2",
        "--prompt",
        "a red fox",
        "--size",
        "720x1280",
        "--seconds",
        "8",
        "--wait",
        "--output",
        output,
        ...fast,
      ],
      { ...env(), TOKENOPS_BASE_URL: frozen.url },
    );
    await cli.waitForOutput(/ queued 0% \(/);
    frozen.advance(3_000); // 1 s queued, then 2 s of the 4 s in progress
    await cli.waitForOutput(/ in_progress 50% \(/);
    frozen.advance(2_000);
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(0);
    const id = frozen.videos.list()[0]?.video.id;
    // One plain line per change on stderr, however many polls saw the same state: queued, progress, completed.
    const lines = result.stderr.split("\n").filter((line) => line.startsWith(`${id} `));
    for (const line of lines) expect(line).toMatch(/ \(\d+\.\ds\)$/);
    expect(lines.map((line) => line.slice(`${id} `.length).replace(/ \(.*\)$/, ""))).toEqual([
      "queued 0%",
      "in_progress 50%",
      "completed 100%",
    ]);
    expect(result.stderr).not.toContain("\r");
    expect(result.stderr).toMatch(/video → .*fox\.mp4 100% \(/);
    // The file: an MP4 whose own boxes say 720x1280, 8 s.
    expect(magic(output).subarray(4, 8).toString()).toBe("ftyp");
    expect(await readMp4Info(output)).toMatchObject({ width: 720, height: 1280, duration: 8 });
    expect(result.stdout).toContain(`${id}  completed  100%`);
    expect(result.stdout).toMatch(/Saved .*fox\.mp4 \(720x1280, 8\.00 s, avc1\.\w+, [\d.]+ kB\)/);
    expect(readdirSync(dir.path)).toEqual(["fox.mp4"]);
  });

  it("--json --wait prints only the completed Video on stdout; progress stays on stderr", async () => {
    const output = join(dir.path, "fox.mp4");
    const result = await runCli(
      ["videos", "create", "--model", "sora-2", "--prompt", "a red fox", "--json", "--output", output, ...fast],
      env(),
    );
    expect(result.code, result.stderr).toBe(0);
    const video = parseVideo(result.stdout);
    expect(video.status).toBe("completed");
    expect(video.progress).toBe(100);
    expect(result.stderr).toContain("Saved");
    expect(existsSync(output)).toBe(true);
  });

  it("exits 3 when the job fails, with the job's error code and message", async () => {
    const result = await runCli(
      [
        "videos",
        "create",
        "--model",
        "sora-2",
        "--prompt",
        'a red fox [mock: fail;code=moderation_blocked;message="Blocked by policy"]',
        "--wait",
        ...fast,
      ],
      env(),
    );
    expect(result.code).toBe(3);
    const id = server.videos.list()[0]?.video.id;
    expect(result.stderr).toContain(`error: video ${id} ended failed: Blocked by policy`);
    expect(result.stderr).toContain("code: moderation_blocked");
    expect(result.stdout).toBe("");
  });

  it("exits 1 on an API error, with the API's message, status, code and request id, and never the key", async () => {
    const result = await runCli(
      ["videos", "create", "--model", "sora-2", "--prompt", "a red fox", "--api-key", "sk-wrong-key-123"],
      env(),
    );
    expect(result.code).toBe(1);
    const record = server.requests.at(-1);
    expect(record?.status).toBe(401);
    expect(result.stderr).toContain("status: 401");
    expect(result.stderr).toContain(`request id: ${record?.request_id}`);
    expect(result.stderr).toMatch(/code: \w+/);
    expect(result.stderr + result.stdout).not.toContain("sk-wrong-key-123");
    expect(result.stderr + result.stdout).not.toContain(API_KEY);
  });

  it("exits 1 on a network error", async () => {
    const closed = await startMockServer({ host: "127.0.0.1" });
    await closed.close();
    const result = await runCli(["videos", "get", "video_1", "--base-url", closed.url, "--api-key", "k"], {
      TOKENOPS_LOG: "off",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: /m);
  });
});

describe("videos get", () => {
  it("prints a job readably", async () => {
    const video = await createVideo(["--size", "1280x720"], frozen);
    const result = await runCli(["videos", "get", video.id, "--base-url", frozen.url], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${video.id}  queued  0%\\n`));
    expect(result.stdout).toMatch(/model\s+sora-2/);
  });

  it("--json prints the Video", async () => {
    const video = await completedVideo();
    const result = await runCli(["videos", "get", video.id, "--json"], env());
    expect(result.code).toBe(0);
    const got = parseVideo(result.stdout);
    expect(got).toMatchObject({ id: video.id, status: "completed", progress: 100 });
    expect(result.stderr).toBe("");
  });

  it("exits 1 for an unknown id, with the API's 404", async () => {
    const result = await runCli(["videos", "get", "video_doesnotexist"], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 404");
    expect(result.stderr).toContain("request id: req_");
  });
});

describe("videos wait", () => {
  it("follows a job to the end and downloads it with --output", async () => {
    const video = await createVideo(["--size", "1280x720", "--seconds", "12"]);
    const output = join(dir.path, "waited.mp4");
    const result = await runCli(["videos", "wait", video.id, "--output", output, ...fast], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${video.id}  completed  100%`);
    expect(await readMp4Info(output)).toMatchObject({ width: 1280, height: 720, duration: 12 });
  });

  it("exits 3 when the job is cancelled meanwhile", async () => {
    const video = await createVideo([], frozen);
    frozen.videos.cancel(video.id);
    const result = await runCli(["videos", "wait", video.id, "--json", "--base-url", frozen.url], env());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`video ${video.id} ended cancelled`);
    expect(result.stdout).toBe("");
  });
});

describe("videos download", () => {
  it.each([
    ["video", "out.mp4", (bytes: Buffer) => bytes.subarray(4, 8).toString() === "ftyp"],
    [
      "thumbnail",
      "thumb.webp",
      (bytes: Buffer) => bytes.subarray(0, 4).toString() === "RIFF" && bytes.subarray(8, 12).toString() === "WEBP",
    ],
    ["spritesheet", "sprites.jpg", (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff],
  ])("saves the %s variant", async (variant, name, signature) => {
    const video = await completedVideo("720x1280");
    const output = join(dir.path, name);
    const result = await runCli(["videos", "download", video.id, "--output", output, "--variant", variant], env());
    expect(result.code, result.stderr).toBe(0);
    expect(signature(magic(output))).toBe(true);
    expect(result.stdout).toContain(`Saved ${output} (`);
    const contentRequest = server.requests.findLast((record) => record.operation === "getVideoContent");
    expect(contentRequest?.path).toContain(variant === "video" ? "/content" : `variant=${variant}`);
  });

  it("reports the MP4's own size and duration for the video variant", async () => {
    const video = await completedVideo("1280x720", "8");
    const output = join(dir.path, "out.mp4");
    const result = await runCli(["videos", "download", video.id, "--output", output], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\(1280x720, 8\.00 s, avc1\.\w+, /);
    expect(statSync(output).size).toBeGreaterThan(1000);
  });

  it("exits 1 when the video is not ready, says to wait for it, and leaves no file behind", async () => {
    const video = await createVideo([], frozen);
    const output = join(dir.path, "early.mp4");
    const result = await runCli(["videos", "download", video.id, "--output", output, "--base-url", frozen.url], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 400");
    expect(result.stderr).toContain(
      `Video ${video.id} is queued, not finished; wait for it and save it with: tokenops videos wait ${video.id} --output ${output} --base-url ${frozen.url}`,
    );
    // It is not ready: saying it is, and downloading again, would be false.
    expect(result.stderr).not.toContain("is ready");
    expect(result.stderr).not.toContain("download it with");
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it("exits 1 when the video failed, says it has nothing to download, and offers no command that cannot work", async () => {
    const video = await createVideo([], frozen);
    frozen.videos.fail(video.id, { code: "moderation_blocked", message: "The prompt was refused" });
    const output = join(dir.path, "failed.mp4");
    const result = await runCli(["videos", "download", video.id, "--output", output, "--base-url", frozen.url], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 400");
    expect(result.stderr).toContain(
      `Video ${video.id} ended failed (The prompt was refused): it has nothing to download.`,
    );
    expect(result.stderr).not.toContain("is ready");
    expect(result.stderr).not.toContain("tokenops videos wait");
    expect(result.stderr).not.toContain("download it with");
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it("refuses a thumbnail that is not image/webp from a server that ignores the variant, and leaves no file", async () => {
    const mp4 = readFileSync(`${MEDIA}video-1280x720-4s.mp4`);
    // A gateway that answers every content request with the MP4, whatever variant was asked for.
    const gateway = await startStubServer((_request, response) => {
      response.writeHead(200, { "content-type": "video/mp4", "content-length": String(mp4.byteLength) }).end(mp4);
    });
    try {
      const output = join(dir.path, "thumb.webp");
      const result = await runCli(
        ["videos", "download", "video_1", "--variant", "thumbnail", "--output", output, "--base-url", gateway.url],
        env(),
      );
      expect(gateway.requests.map((request) => request.url)).toEqual(["/v1/videos/video_1/content?variant=thumbnail"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "error: asked for the thumbnail variant (image/webp), the server sent video/mp4; refused to save it.",
      );
      expect(result.stderr).toContain(`Nothing was saved at ${output}.`);
      // Downloading again would get the same MP4: no "download it with" hint.
      expect(result.stderr).not.toContain("download it with");
      expect(readdirSync(dir.path)).toEqual([]);
    } finally {
      await gateway.close();
    }
  });

  it("exits 1 once the files expired, saying how to get the video again, and leaves no file", async () => {
    const video = await createVideo(["--size", "1280x720"], frozen);
    const done = frozen.videos.complete(video.id).video;
    frozen.advance(((done.expires_at ?? 0) - (done.completed_at ?? 0)) * 1000 + 1_000);
    const output = join(dir.path, "late.mp4");
    const result = await runCli(["videos", "download", video.id, "--output", output, "--base-url", frozen.url], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 410");
    expect(result.stderr).toContain("code: video_expired");
    expect(result.stderr).toMatch(/expired/);
    expect(result.stderr).toMatch(/remix/);
    expect(result.stderr).not.toContain("download it with");
    expect(readdirSync(dir.path)).toEqual([]);
    // The job itself stays completed.
    const get = await runCli(["videos", "get", video.id, "--json", "--base-url", frozen.url], env());
    expect(parseVideo(get.stdout).status).toBe("completed");
  });

  it("exits 1 when the connection drops mid-download, and leaves no file behind", async () => {
    const video = await completedVideo();
    server.scenarios.use("drop-download;times=always");
    const output = join(dir.path, "cut.mp4");
    const result = await runCli(["videos", "download", video.id, "--output", output], env());
    expect(result.code).toBe(1);
    expect(readdirSync(dir.path)).toEqual([]);
  });
});

describe("videos remix", () => {
  it("--wait --json makes a new job from a finished one", async () => {
    const source = await completedVideo("1280x720");
    const result = await runCli(
      ["videos", "remix", source.id, "--prompt", "now at night", "--wait", "--json", ...fast],
      env(),
    );
    expect(result.code, result.stderr).toBe(0);
    const remix = parseVideo(result.stdout);
    expect(remix.id).not.toBe(source.id);
    expect(remix.remixed_from_video_id).toBe(source.id);
    expect(remix.status).toBe("completed");
    expect(server.videos.get(remix.id)?.prompt).toBe("now at night");
  });

  it("--output downloads the remix", async () => {
    const source = await completedVideo("720x1280");
    const output = join(dir.path, "remix.mp4");
    const result = await runCli(["videos", "remix", source.id, "--prompt", "snow", "--output", output, ...fast], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/remixed from\s+video_/);
    expect(await readMp4Info(output)).toMatchObject({ width: 720, height: 1280 });
  });
});
