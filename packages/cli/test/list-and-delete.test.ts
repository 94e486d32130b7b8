import type { Video, VideoPage } from "@tokenops/client";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { displayWidth } from "../src/video-table.js";
import { runCli, startStubServer } from "./helpers.js";

// A manual clock: jobs stay where the test puts them, and created_at moves only with advance().
let server: MockServer;
const API_KEY = "sk-cli-list-7d0e51b2";
// A fixed width and time zone, so that the table's layout and times are the same on any machine.
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  TOKENOPS_BASE_URL: server.url,
  TOKENOPS_API_KEY: API_KEY,
  COLUMNS: "200",
  TZ: "UTC",
  ...extra,
});
const RUN_MS = 5_000;

beforeAll(async () => {
  server = await startMockServer({
    host: "127.0.0.1",
    timeScale: 0,
    apiKey: API_KEY,
    startTime: Date.UTC(2026, 0, 2, 3, 4, 5),
  });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Jobs made through the CLI one simulated second apart, oldest first. */
async function makeJobs(...prompts: string[]): Promise<Video[]> {
  const videos: Video[] = [];
  for (const prompt of prompts) {
    const result = await runCli(
      ["videos", "create", "--model", "sora-2", "--prompt", prompt, "--size", "1280x720", "--json"],
      env(),
    );
    expect(result.code, result.stderr).toBe(0);
    videos.push(JSON.parse(result.stdout) as Video);
    server.advance(1_000);
  }
  return videos;
}

const listRequests = () => server.requests.filter((request) => request.operation === "listVideos");

describe("videos list", () => {
  it("prints a table of the jobs, newest first, with readable creation times", async () => {
    const [fox, owl] = await makeJobs("a red fox", "an owl at night");
    server.advance(RUN_MS);
    const result = await runCli(["videos", "list"], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      expect.stringMatching(/^ID\s+STATUS\s+PROGRESS\s+CREATED\s+MODEL\s+SIZE\s+SECONDS\s+PROMPT$/),
      expect.stringMatching(
        new RegExp(
          `^${owl?.id}\\s+completed\\s+100%\\s+2026-01-02 03:04:06\\s+sora-2\\s+1280x720\\s+4\\s+an owl at night$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^${fox?.id}\\s+completed\\s+100%\\s+2026-01-02 03:04:05\\s+sora-2\\s+1280x720\\s+4\\s+a red fox$`),
      ),
      "",
    ]);
    // No --order: the server's default (desc, newest first) applies.
    expect(listRequests().map((request) => request.path)).toEqual(["/v1/videos"]);
  });

  it("--order asc lists the oldest first", async () => {
    const jobs = await makeJobs("one", "two", "three");
    const result = await runCli(["videos", "list", "--order", "asc", "--json"], env());
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as VideoPage).data.map((video) => video.id)).toEqual(jobs.map((job) => job.id));
  });

  it("--json prints the page exactly as the server sent it", async () => {
    await makeJobs("one", "two", "three");
    const result = await runCli(["videos", "list", "--limit", "2", "--json"], env());
    expect(result.code, result.stderr).toBe(0);
    const sent = await fetch(`${server.url}/v1/videos?limit=2`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(JSON.parse(result.stdout)).toEqual(await sent.json());
    // The hint for the next page goes to stderr, so stdout stays one JSON document.
    const page = JSON.parse(result.stdout) as VideoPage;
    expect(page.has_more).toBe(true);
    expect(result.stderr).toContain(`More follow: tokenops videos list --after ${page.last_id}`);
  });

  it("--limit and --after page through the jobs by hand", async () => {
    const jobs = await makeJobs("one", "two", "three");
    const first = await runCli(["videos", "list", "--limit", "2"], env());
    expect(first.stderr).toContain(`More follow: tokenops videos list --after ${jobs[1]?.id}`);
    const next = await runCli(["videos", "list", "--limit", "2", "--after", jobs[1]?.id ?? "", "--json"], env());
    const page = JSON.parse(next.stdout) as VideoPage;
    expect(page.data.map((video) => video.id)).toEqual([jobs[0]?.id]);
    expect(page.has_more).toBe(false);
    expect(next.stderr).not.toContain("More follow");
  });

  it("--all follows every page through the client's for await, and --json gives one array", async () => {
    const jobs = await makeJobs("one", "two", "three");
    const result = await runCli(["videos", "list", "--all", "--limit", "1", "--json"], env());
    expect(result.code, result.stderr).toBe(0);
    const videos = JSON.parse(result.stdout) as Video[];
    expect(videos.map((video) => video.id)).toEqual(jobs.map((job) => job.id).reverse());
    expect(listRequests()).toHaveLength(3);
    expect(result.stderr).not.toContain("More follow");
  });

  it("--all --order asc prints every job in one table, oldest first", async () => {
    const jobs = await makeJobs("one", "two", "three");
    const result = await runCli(["videos", "list", "--all", "--limit", "2", "--order", "asc"], env());
    expect(result.code, result.stderr).toBe(0);
    const ids = result.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toEqual(jobs.map((job) => job.id));
  });

  it("cuts the prompt so that every line fits the terminal width", async () => {
    const prompt = "A lighthouse at dawn, waves rolling in over black rocks while gulls circle the lamp room";
    await makeJobs(prompt);
    // The mock's ids are 54 characters: the other columns take 127, leaving the prompt 23.
    const result = await runCli(["videos", "list"], env({ COLUMNS: "150" }));
    const lines = result.stdout.trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(150);
    expect(lines[1]).toMatch(/ A lighthouse at dawn.*…$/);
    expect(lines[1]).not.toContain(prompt);
  });

  it("says so when there are no videos", async () => {
    const result = await runCli(["videos", "list"], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("No videos.\n");
  });

  it("prints a dash for fields a gateway sends as null or leaves out", async () => {
    const page = {
      object: "list",
      data: [
        {
          id: "video_nulls",
          object: "video",
          status: "queued",
          progress: null,
          created_at: null,
          model: null,
          size: null,
          seconds: null,
          prompt: null,
        },
        { id: "video_bare", object: "video", status: "in_progress" },
      ],
      first_id: "video_nulls",
      last_id: "video_bare",
      has_more: false,
    };
    const gateway = await startStubServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(page));
    });
    try {
      const result = await runCli(["videos", "list", "--base-url", gateway.url], env());
      expect(result.code, result.stderr).toBe(0);
      const rows = result.stdout
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((line) => line.split(/\s{2,}/));
      expect(rows).toEqual([
        ["video_nulls", "queued", "-", "-", "-", "-", "-", "-"],
        ["video_bare", "in_progress", "-", "-", "-", "-", "-", "-"],
      ]);
    } finally {
      await gateway.close();
    }
  });

  it("refuses a --limit beyond the spec's range before any request, naming --limit", async () => {
    const result = await runCli(["videos", "list", "--limit", "101"], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("invalid --limit");
    expect(result.stderr).toMatch(/0 to 100/);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses an --order the spec does not list, naming the choices", async () => {
    const result = await runCli(["videos", "list", "--order", "sideways"], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are asc, desc");
    expect(server.requests).toHaveLength(0);
  });

  it("--no-validate sends a --limit beyond the spec's range to the server, which decides", async () => {
    const result = await runCli(["videos", "list", "--limit", "500", "--no-validate"], env());
    expect(listRequests().map((request) => request.path)).toEqual(["/v1/videos?limit=500"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 400");
  });

  it("shows the spec's order choices, its default and the limit's range in --help", async () => {
    const result = await runCli(["videos", "list", "--help"]);
    const help = result.stdout.replace(/\s+/g, " ");
    expect(help).toContain('(server default: desc) (choices: "asc", "desc")');
    expect(help).toContain("(0 to 100) (server default: 20)");
    expect(help).toContain("--no-validate");
  });

  it("exits 1 against a gateway without list, saying it may not offer it", async () => {
    server.scenarios.use("no-list-delete");
    const result = await runCli(["videos", "list"], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 404");
    expect(result.stderr).toMatch(/may not offer GET \/v1\/videos/);
    expect(result.stderr).toContain("tokenops videos get");
    expect(result.stdout).toBe("");
  });
});

describe("videos delete", () => {
  async function completedJob(): Promise<Video> {
    const [video] = await makeJobs("to be deleted");
    server.advance(RUN_MS);
    return video as Video;
  }

  it("deletes a finished job and prints its id; then get exits 1 with the 404", async () => {
    const video = await completedJob();
    const result = await runCli(["videos", "delete", video.id], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Deleted ${video.id}\n`);
    const get = await runCli(["videos", "get", video.id], env());
    expect(get.code).toBe(1);
    expect(get.stderr).toContain("status: 404");
  });

  it("--json prints the server's answer", async () => {
    const video = await completedJob();
    const result = await runCli(["videos", "delete", video.id, "--json"], env());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: video.id, object: "video.deleted", deleted: true });
  });

  it("exits 1 for a job that is still running, and the job goes on", async () => {
    const [video] = await makeJobs("still running");
    const result = await runCli(["videos", "delete", video?.id ?? ""], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 400");
    expect(server.videos.get(video?.id ?? "")).toBeDefined();
  });

  it("deleting a job a second time exits 1 with the server's 404, blaming no gateway", async () => {
    const video = await completedJob();
    expect((await runCli(["videos", "delete", video.id], env())).code).toBe(0);
    const again = await runCli(["videos", "delete", video.id], env());
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `error: 404 No video found with id '${video.id}'.\n  status: 404\n  code: video_not_found`,
    );
    expect(again.stderr).not.toContain("may not offer");
  });

  it("exits 1 against a gateway without delete, saying it may not offer it; the job stays", async () => {
    const video = await completedJob();
    server.scenarios.use("no-list-delete");
    const result = await runCli(["videos", "delete", video.id], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("status: 404");
    expect(result.stderr).toMatch(/may not offer DELETE/);
    expect(server.videos.get(video.id)).toBeDefined();
  });
});
