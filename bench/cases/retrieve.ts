// One retrieve benchmark run in its own process:
//   tsx cases/retrieve.ts <baseUrl> <concurrency> <rounds> <block> <variant,variant>
// The two variants compared run in the same process (and no other: four clients in one process would slow each
// other's calls into fetch), in rounds: each round runs `block` calls of each, the first going first in even
// rounds and second in odd ones. They are compared round by round, so that what changes the machine's speed
// from one second to the next (another process, the CPU's clock) touches both alike.

import type { paths } from "@tokenops/client";
import { createClient } from "@tokenops/client";
import OpenAI from "openai";
import createFetchClient from "openapi-fetch";

const [baseUrl, concurrencyArg, roundsArg, blockArg, pair] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const concurrency = Number(concurrencyArg);
const rounds = Number(roundsArg);
const block = Number(blockArg);
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

const variants = pair.split(",");
const retrieves = variants.map((variant) => {
  const make = retrievers[variant];
  if (!make) throw new Error(`unknown variant ${variant}`);
  return make();
});

async function run(retrieve: (id: string) => Promise<unknown>, total: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await retrieve("video_bench");
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / total;
}

// Warm up (connections, JIT) until the figure is the steady cost of a call, not how fast code compiles.
for (const retrieve of retrieves) await run(retrieve, Math.max(50, (rounds * block) / 4));
// msPerRequest[variant][round]
const msPerRequest: Record<string, number[]> = Object.fromEntries(variants.map((variant) => [variant, []]));
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < variants.length; i++) {
    const index = round % 2 ? variants.length - 1 - i : i;
    msPerRequest[variants[index] as string]?.push(
      await run(retrieves[index] as (id: string) => Promise<unknown>, block),
    );
  }
}
process.stdout.write(`${JSON.stringify({ msPerRequest, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
