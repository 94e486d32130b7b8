import { join } from "node:path";
import type { Video } from "@tokenops/client";
import { startMockServer } from "@tokenops/testing";
import { describe, expect, it } from "vitest";
import { readMp4Info } from "../src/mp4-info.js";
import { runCli, startCli, tempDir } from "./helpers.js";

describe("--mock (the embedded mock server)", () => {
  it("makes a video end to end without a key: rising progress, then a real MP4", async () => {
    const dir = tempDir();
    try {
      const output = join(dir.path, "demo.mp4");
      const result = await runCli([
        "videos",
        "create",
        "--mock",
        "--model",
        "sora-2",
        "--prompt",
        "a paper boat",
        "--size",
        "1280x720",
        "--seconds",
        "4",
        "--wait",
        "--output",
        output,
        "--json",
      ]);
      expect(result.code, result.stderr).toBe(0);
      const video = JSON.parse(result.stdout) as Video;
      expect(video).toMatchObject({ status: "completed", size: "1280x720", seconds: "4" });
      const percents = [...result.stderr.matchAll(/ in_progress (\d+)% /g)].map((match) => Number(match[1]));
      expect(percents.length).toBeGreaterThan(1);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(await readMp4Info(output)).toMatchObject({ width: 1280, height: 720, duration: 4 });
    } finally {
      dir.remove();
    }
  });

  it("has no jobs from earlier runs: `videos get` exits 1 with the 404", async () => {
    const result = await runCli(["videos", "get", "video_123", "--mock"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 404");
  });
});

describe("tokenops mock", () => {
  it("serves the API in the foreground until Ctrl-C, then stops cleanly with exit 0", async () => {
    const server = startCli(["mock", "--port", "0", "--time-scale", "50"]);
    await server.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1] as string;

    const created = await runCli(["videos", "create", "--model", "sora-2", "--prompt", "a fox", "--json"], {
      TOKENOPS_BASE_URL: url,
      TOKENOPS_API_KEY: "mock",
    });
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as Video;
    const waited = await runCli(["videos", "wait", id, "--json", "--poll-interval", "20"], {
      TOKENOPS_BASE_URL: url,
      TOKENOPS_API_KEY: "mock",
    });
    expect(JSON.parse(waited.stdout)).toMatchObject({ id, status: "completed" });

    server.child.kill("SIGINT");
    const result = await server.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("TokenOps mock server stopped (SIGINT).");
  });

  it("exits 1 naming the address when the port is taken", async () => {
    const taken = await startMockServer({ host: "127.0.0.1" });
    try {
      const port = new URL(taken.url).port;
      const result = await runCli(["mock", "--port", port]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: cannot listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      await taken.close();
    }
  });

  it("refuses a bad --port with exit 2", async () => {
    for (const port of ["http", "70000"]) {
      const result = await runCli(["mock", "--port", port]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--port takes a whole number from 0 to 65535, got "${port}"`);
    }
  });
});
