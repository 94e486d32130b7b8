import { type ListVideosParams, NotFoundError, type Video } from "@tokenops/client";
import { Command, Option } from "commander";
import { withHint } from "../errors.js";
import { flagsFor } from "../flags.js";
import { withConnectionOptions, withJsonOption, withValidateOption } from "../options.js";
import { type IO, type Session, type SessionFlags, withSession } from "../session.js";
import { formatVideoTable, terminalWidth } from "../video-table.js";

/** The hand-written flag; the query's flags (`--limit`, `--order`, `--after`) come from the spec. */
interface ListFlags extends SessionFlags {
  all?: boolean;
}

/**
 * `tokenops videos list`: the jobs as a table (id, status, progress, created, model, size,
 * seconds, prompt), newest first; one page, or every page with `--all`.
 *
 * @example
 * program.addCommand(videosListCommand(io));
 * // tokenops videos list --limit 50 --all --json
 */
export function videosListCommand(io: IO): Command {
  const own = [new Option("--all", "every page, not only the first (--limit is then the page size)")];
  const query = flagsFor("listVideos", "query", { besides: own });
  const command = new Command("list").description("list video jobs, newest first (a gateway may not offer this)");
  for (const option of [...query.options, ...own]) command.addOption(option);
  withValidateOption(
    withJsonOption(
      withConnectionOptions(command),
      "the page as the server sent it (with --all, an array of every video)",
    ),
  );
  return command.action(async (flags: ListFlags) => {
    await withSession(flags, io, async (session) => {
      try {
        await listInto(session, query.values(flags) as ListVideosParams, flags.all === true, io);
      } catch (error) {
        throw error instanceof NotFoundError
          ? withHint(error, ["Without list, look a job up by its id: tokenops videos get VIDEO_ID"])
          : error;
      }
    });
  });
}

// One page, or with `all` every page; the page's JSON as sent, or the table.
async function listInto(session: Session, query: ListVideosParams, all: boolean, io: IO): Promise<void> {
  const { client, output, guard } = session;
  const table = (videos: readonly Video[]) =>
    videos.length === 0 ? "No videos.\n" : formatVideoTable(videos, { width: terminalWidth(io.stdout, io.env) });
  if (all) {
    const videos: Video[] = [];
    for await (const video of client.videos.list(query, { signal: guard.signal })) videos.push(video);
    output.result(videos, table(videos));
    return;
  }
  const page = await client.videos.list(query, { signal: guard.signal });
  output.result(page, table(page.data));
  // On stderr, so that stdout holds only the table (or the JSON).
  if (page.has_more && typeof page.last_id === "string") {
    output.note(`More follow: tokenops videos list --after ${page.last_id} (or --all for every page).`);
  }
}
