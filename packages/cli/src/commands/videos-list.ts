import { type ListVideosParams, NotFoundError, parameterBounds, parameterDefaults, type Video } from "@tokenops/client";
import { Command, Option } from "commander";
import { withHint } from "../errors.js";
import {
  allowed,
  DEFAULT_ORDER,
  positiveInteger,
  specChoice,
  withConnectionOptions,
  withJsonOption,
  withValidateOption,
} from "../options.js";
import { type IO, type Session, type SessionFlags, withSession } from "../session.js";
import { formatVideoTable, terminalWidth } from "../video-table.js";

const { minimum, maximum } = parameterBounds.listVideos.limit;

interface ListFlags extends SessionFlags {
  limit?: number;
  order: NonNullable<ListVideosParams["order"]>;
  after?: string;
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
  const command = new Command("list")
    .description("list video jobs, newest first (a gateway may not offer this)")
    .addOption(
      new Option(
        "--limit <count>",
        `jobs per page, ${minimum} to ${maximum} (server default: ${parameterDefaults.listVideos.limit})`,
      ).argParser(
        // Only a whole number here: the client checks the spec's range, so --no-validate can lift it.
        positiveInteger("--limit", { allowZero: true }),
      ),
    )
    .addOption(
      specChoice("--order <order>", "by creation time; desc is newest first", allowed.order).default(DEFAULT_ORDER),
    )
    .option("--after <video_id>", "start after this job (the previous page's last id)")
    .option("--all", "every page, not only the first (--limit is then the page size)");
  withValidateOption(
    withJsonOption(
      withConnectionOptions(command),
      "the page as the server sent it (with --all, an array of every video)",
    ),
  );
  return command.action(async (flags: ListFlags) => {
    const query: ListVideosParams = {
      order: flags.order,
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      ...(flags.after === undefined ? {} : { after: flags.after }),
    };
    await withSession(flags, io, async (session) => {
      try {
        await listInto(session, query, flags.all === true, io);
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
