import type { paths } from "@tokenops/client";
import { createClient } from "@tokenops/client";
import createFetchClient from "openapi-fetch";
const [baseUrl, concurrencyArg, roundsArg, blockArg] = process.argv.slice(2) as [string, string, string, string];
const concurrency = Number(concurrencyArg), rounds = Number(roundsArg), block = Number(blockArg);
const apiKey = "sk-bench";
const of = createFetchClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
const c = createClient({ apiKey, baseUrl });
const variants: Record<string, (id: string) => Promise<unknown>> = {
  "openapi-fetch": async (id) => { const { data, error } = await of.GET("/v1/videos/{video_id}", { params: { path: { video_id: id } } }); if (error) throw new Error("e"); return data; },
  client: (id) => c.videos.retrieve(id),
};
async function run(f: (id: string) => Promise<unknown>, total: number) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < total) { next++; await f("video_bench"); } }));
}
for (const f of Object.values(variants)) await run(f, 2000);
const ratios: number[] = []; const tot: Record<string, number> = { "openapi-fetch": 0, client: 0 };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? ["client", "openapi-fetch"] : ["openapi-fetch", "client"];
  const t: Record<string, number> = {};
  for (const v of order) { const s = performance.now(); await run(variants[v]!, block); t[v] = performance.now() - s; tot[v]! += t[v]!; }
  ratios.push(t.client! / t["openapi-fetch"]!);
}
ratios.sort((a, b) => a - b);
console.log(JSON.stringify({ median: ratios[ratios.length >> 1]!.toFixed(3), total: (tot.client! / tot["openapi-fetch"]!).toFixed(3), p25: ratios[rounds >> 2]!.toFixed(3), p75: ratios[(3 * rounds) >> 2]!.toFixed(3) }));
