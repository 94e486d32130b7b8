// One retrieve benchmark run in its own process: `tsx cases/retrieve.ts <variant> <baseUrl> <concurrency> <count>`.

import type { paths } from "@tokenops/client";
import { createClient } from "@tokenops/client";
import OpenAI from "openai";
import createFetchClient from "openapi-fetch";

const [variant, baseUrl, concurrencyArg, countArg] = process.argv.slice(2) as [string, string, string, string];
const concurrency = Number(concurrencyArg);
const count = Number(countArg);
const apiKey = "sk-bench";
const headers = { authorization: `Bearer ${apiKey}` };

const retrievers: Record<string, () => (id: string) => Promise<unknown>> = {
  fetch: () => async (id) => {
    const res = await fetch(`${baseUrl}/v1/videos/${encodeURIComponent(id)}`, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  },
  "openapi-fetch": () => {
    const client = createFetchClient<paths>({ baseUrl, headers });
    return async (id) => {
      const { data, error } = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: id } } });
      if (error) throw new Error("error");
      return data;
    };
  },
  client: () => {
    const client = createClient({ apiKey, baseUrl });
    return (id) => client.videos.retrieve(id);
  },
  openai: () => {
    const client = new OpenAI({ apiKey, baseURL: `${baseUrl}/v1` });
    return (id) => client.videos.retrieve(id);
  },
};

const make = retrievers[variant];
if (!make) throw new Error(`unknown variant ${variant}`);
const retrieve = make();

async function run(total: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await retrieve("video_bench");
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// Warm up (connections, JIT) until the figure is the steady cost of a call, not how fast code compiles.
await run(Math.max(50, count / 2));
const started = performance.now();
await run(count);
const elapsed = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ msPerRequest: elapsed / count, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
