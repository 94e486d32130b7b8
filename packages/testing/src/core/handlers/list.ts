import { videoList } from "../../fixtures/video.js";
import type { MockReply } from "../call.js";
import { MockError } from "../errors.js";
import { byCreation } from "../jobs.js";
import { json } from "../reply.js";
import { type ListOrder, listDefaults } from "../spec.js";
import type { HandlerContext, HandlerEngine } from "./context.js";

/**
 * `GET /v1/videos`: one cursor page of jobs in creation order (`asc`) or its reverse (`desc`).
 * The router has already checked `limit` and `order` against the spec. The mock keeps one account,
 * so every key sees every job.
 */
export function listVideos(context: HandlerContext, engine: HandlerEngine): MockReply {
  const { query } = context.call;
  const limit = Number(query.get("limit") ?? listDefaults.limit);
  const order = (query.get("order") ?? listDefaults.order) as ListOrder;
  const after = query.get("after");
  const jobs = engine.jobs.all();
  if (order === "desc") jobs.reverse();
  let start = 0;
  if (after !== null) {
    // A deleted job keeps its place, so a loop that deletes what it lists can still page on.
    const cursor = engine.jobs.position(after);
    if (cursor === undefined) {
      throw new MockError(
        400,
        `Invalid value for 'after': ${JSON.stringify(after)} is not a video id this server made; pass the previous page's last_id.`,
        { code: "invalid_value", param: "after" },
      );
    }
    const sign = order === "asc" ? 1 : -1;
    const next = jobs.findIndex((job) => sign * byCreation(job, cursor) > 0);
    start = next === -1 ? jobs.length : next;
  }
  const page = jobs.slice(start, start + limit);
  return json(
    200,
    videoList({
      data: page.map((job) => engine.view(job, context.scenarios)),
      has_more: start + page.length < jobs.length,
    }),
  );
}
