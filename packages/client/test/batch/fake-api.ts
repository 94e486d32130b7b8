/**
 * A small stateful video API for the batch tests, answering through an injected fetch: jobs keyed by
 * Idempotency-Key (a repeated key returns its job), a job completes after a number of status polls (no
 * clock), an optional cap on unfinished jobs answered with 429, and faults chosen per prompt.
 */
import { createClient } from "../../src/index.js";
import { API_KEY, BASE_URL, json, video } from "../helpers.js";

export interface FakeJob {
  id: string;
  prompt: string;
  key: string | null;
  polls: number;
  status: "queued" | "in_progress" | "completed" | "failed";
}

export interface FakeApiOptions {
  /** Polls a job takes to complete (default 2). */
  pollsToFinish?: number;
  /** 429 for a create beyond this many unfinished jobs. */
  maxUnfinished?: number;
  /** Answers for a create whose prompt contains the key: a status, or a job that fails. */
  faults?: Record<string, { status: number; code?: number; times?: number } | "job-fails">;
}

export function fakeApi(options: FakeApiOptions = {}) {
  const { pollsToFinish = 2, maxUnfinished = Number.POSITIVE_INFINITY, faults = {} } = options;
  const jobs = new Map<string, FakeJob>();
  const byKey = new Map<string, FakeJob>();
  const fired = new Map<string, number>();
  const creates: { key: string | null; prompt: string; status: number }[] = [];
  let highWater = 0;
  const unfinished = () => [...jobs.values()].filter((job) => job.status !== "completed" && job.status !== "failed");

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const [, , , id, content] = url.pathname.split("/");
    if (request.method === "POST") {
      const form = await request.formData();
      const prompt = String(form.get("prompt"));
      const key = request.headers.get("idempotency-key");
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        creates.push({ key, prompt, status });
        return json(body, { status, headers });
      };
      const known = key === null ? undefined : byKey.get(key);
      if (known) return answer(200, video({ id: known.id, status: known.status }));
      for (const [needle, fault] of Object.entries(faults)) {
        if (!prompt.includes(needle) || fault === "job-fails") continue;
        const count = fired.get(needle) ?? 0;
        if (count < (fault.times ?? Number.POSITIVE_INFINITY)) {
          fired.set(needle, count + 1);
          return answer(
            fault.status,
            { error: { message: `fault ${fault.status}`, code: fault.code ?? "fault" } },
            { "retry-after-ms": "0" },
          );
        }
      }
      if (unfinished().length >= maxUnfinished) {
        return answer(
          429,
          { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded", param: null } },
          { "retry-after-ms": "0" },
        );
      }
      const job: FakeJob = { id: `video_${jobs.size + 1}`, prompt, key, polls: 0, status: "queued" };
      jobs.set(job.id, job);
      if (key !== null) byKey.set(key, job);
      highWater = Math.max(highWater, unfinished().length);
      return answer(200, video({ id: job.id, status: "queued" }));
    }
    const job = jobs.get(id ?? "");
    if (!job) return json({ error: { message: "No such video", code: "video_not_found" } }, { status: 404 });
    if (content === "content") {
      if (job.status !== "completed") return json({ error: { message: "not ready" } }, { status: 400 });
      const variant = url.searchParams.get("variant") ?? "video";
      return new Response(`${variant} of ${job.id}`, { headers: { "content-type": "application/octet-stream" } });
    }
    job.polls++;
    if (job.status !== "completed" && job.status !== "failed") {
      const fails = Object.entries(faults).some(
        ([needle, fault]) => fault === "job-fails" && job.prompt.includes(needle),
      );
      job.status = job.polls >= pollsToFinish ? (fails ? "failed" : "completed") : "in_progress";
    }
    return json(
      video({
        id: job.id,
        status: job.status,
        progress: job.status === "completed" ? 100 : 50,
        ...(job.status === "failed" ? { error: { code: "moderation_blocked", message: "Blocked" } } : {}),
      }),
    );
  };

  const requests: Request[] = [];
  const client = createClient({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    logLevel: "off",
    fetch: async (request) => {
      requests.push(request.clone());
      return handle(request);
    },
  });
  return {
    client,
    jobs,
    creates,
    requests,
    /** The most unfinished jobs there ever were at once. */
    highWater: () => highWater,
  };
}

/** Items named item-1… with distinct prompts. */
export const itemsOf = (count: number, prompt = (i: number) => `a fox, take ${i}`) =>
  Array.from({ length: count }, (_, index) => ({
    name: `item-${index + 1}`,
    line: index + 1,
    params: { model: "sora-2", prompt: prompt(index + 1) },
  }));
