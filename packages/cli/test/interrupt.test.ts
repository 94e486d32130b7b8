import { existsSync, readdirSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { fixtures, type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startCli, startStubServer, tempDir } from "./helpers.js";

let server: MockServer;
const env = () => ({ TOKENOPS_API_KEY: "test-key" });

beforeAll(async () => {
  // A clock that barely moves: the job is still running when Ctrl-C arrives.
  server = await startMockServer({ host: "127.0.0.1", timeScale: 0.001 });
});
afterAll(() => server.close());

describe("Ctrl-C", () => {
  it("while waiting: prints the video id and the resume command, exits 130, and the job goes on", async () => {
    const dir = tempDir();
    try {
      const output = join(dir.path, "fox.mp4");
      const cli = startCli(
        [
          "videos",
          "create",
          "--model",
          "sora-2",
          "--prompt",
          "a red fox",
          "--base-url",
          server.url,
          "--output",
          output,
          "--poll-interval",
          "50",
        ],
        env(),
      );
      await cli.waitForOutput(/queued 0%/);
      cli.child.kill("SIGINT");
      const result = await cli.done;
      expect(result.code).toBe(130);
      const id = server.videos.list()[0]?.video.id as string;
      expect(result.stderr).toContain(`Interrupted. Video ${id} is still being made on the server.`);
      expect(result.stderr).toContain(
        `Resume with: tokenops videos wait ${id} --output ${output} --base-url ${server.url}`,
      );
      expect(result.stderr).not.toContain("test-key");
      // The job was not cancelled, and nothing was written.
      expect(server.videos.get(id)?.video.status).toMatch(/queued|in_progress/);
      expect(existsSync(output)).toBe(false);
      expect(readdirSync(dir.path)).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it("while `videos wait` waits: exits 130 with the same resume command", async () => {
    const created = await fetch(`${server.url}/v1/videos`, {
      method: "POST",
      headers: { authorization: "Bearer test-key" },
      body: (() => {
        const form = new FormData();
        form.append("model", "sora-2");
        form.append("prompt", "a heron");
        return form;
      })(),
    }).then((response) => response.json() as Promise<{ id: string }>);
    const cli = startCli(["videos", "wait", created.id, "--json", "--poll-interval", "50"], {
      ...env(),
      TOKENOPS_BASE_URL: server.url,
    });
    await cli.waitForOutput(`Waiting for ${created.id}`);
    cli.child.kill("SIGINT");
    const result = await cli.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toBe("");
    // The base URL came from the environment, which the resumed command inherits too.
    expect(result.stderr).toContain(`Resume with: tokenops videos wait ${created.id} --json\n`);
  });

  it("during the create request: waits for the job id instead of losing it", async () => {
    // A gateway that holds the create until the CLI has taken Ctrl-C, then answers with the job: Ctrl-C surely
    // arrives while the create is in flight, however slow the machine.
    const job = fixtures.video({ id: "video_slow_fox", prompt: "a slow fox" });
    const held: ServerResponse[] = [];
    const gateway = await startStubServer((request, response) => {
      request.resume();
      if (request.method === "POST") held.push(response);
      else response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(job));
    });
    try {
      const cli = startCli(
        ["videos", "create", "--model", "sora-2", "--prompt", "a slow fox", "--base-url", gateway.url, "--wait"],
        env(),
      );
      await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 60_000, interval: 20 });
      cli.child.kill("SIGINT");
      await cli.waitForOutput("waiting for the server to answer so the video id is not lost");
      held[0]?.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(job));
      const result = await cli.done;
      expect(result.code, result.stderr).toBe(130);
      expect(gateway.requests.filter((request) => request.method === "POST")).toHaveLength(1);
      expect(result.stderr).toContain(`Resume with: tokenops videos wait ${job.id}`);
    } finally {
      await gateway.close();
    }
  });

  it("during a plain request (`videos get` that hangs): exits 130 at once", async () => {
    server.scenarios.use("hang;operation=getVideoStatus");
    // Debug logging prints each request as it is sent: the moment to press Ctrl-C.
    const cli = startCli(["videos", "get", "video_1", "--base-url", server.url], { ...env(), TOKENOPS_LOG: "debug" });
    await cli.waitForOutput("[tokenops] GET");
    cli.child.kill("SIGINT");
    const result = await cli.done;
    server.scenarios.reset();
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("Interrupted.");
    expect(result.stderr).not.toContain("test-key");
  });

  it("during a download: removes the partial file, prints the download command, exits 130", async () => {
    const dir = tempDir();
    try {
      const created = await startCli(
        ["videos", "create", "--model", "sora-2", "--prompt", "a fox", "--json", "--base-url", server.url],
        env(),
      ).done;
      const { id } = JSON.parse(created.stdout) as { id: string };
      server.videos.complete(id);
      // 200 bytes every 100 ms: the download takes seconds, and reports progress early.
      server.scenarios.use("slow-download;chunk-bytes=200;delay-ms=100");
      const output = join(dir.path, "slow.mp4");
      const cli = startCli(["videos", "download", id, "--output", output, "--base-url", server.url], env());
      await cli.waitForOutput(/slow\.mp4 \d+% \(/);
      cli.child.kill("SIGINT");
      const result = await cli.done;
      server.scenarios.reset();
      expect(result.code).toBe(130);
      expect(result.stderr).toContain("Interrupted; nothing was written.");
      expect(result.stderr).toContain(`download it with: tokenops videos download ${id} --output ${output}`);
      expect(readdirSync(dir.path)).toEqual([]);
    } finally {
      dir.remove();
    }
  });
});
