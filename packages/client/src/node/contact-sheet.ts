import type { BatchSummaryEntry } from "./batch-folder.js";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content and attribute values: every character that could end either is escaped. */
const html = (value: unknown): string => String(value ?? "").replace(/[&<>"']/g, (c) => escapes[c] as string);

/** A file beside the page, as a relative URL: the folder can move or be zipped. */
const href = (file: string) => html(encodeURIComponent(file));

const PROMPT_CHARS = 160;

const style = `
:root { color-scheme: light dark; --bg: #f6f6f4; --card: #fff; --ink: #1d1d1f; --muted: #6b6b70; --line: #e2e2e0;
  --ok: #1a7f37; --bad: #c62828; --run: #8a6d00; }
@media (prefers-color-scheme: dark) { :root { --bg: #151517; --card: #1f1f22; --ink: #ececef; --muted: #9a9aa2;
  --line: #333338; --ok: #56d364; --bad: #ff7b72; --run: #e3b341; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; margin-bottom: 20px; }
h1 { font-size: 20px; margin: 0; }
.counts { color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; }
.tile { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden;
  display: flex; flex-direction: column; }
.media { position: relative; background: #000; aspect-ratio: 16 / 9; overflow: hidden; display: flex;
  align-items: center; justify-content: center; }
/* Out of the flow, so that no video's own shape (portrait or landscape) sizes its tile: one frame for all. */
.media video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; cursor: pointer;
  display: block; }
.media .empty { color: #bbb; font-size: 13px; padding: 12px; text-align: center; }
figcaption { padding: 10px 12px 12px; display: flex; flex-direction: column; gap: 4px; }
.name { font-weight: 600; overflow-wrap: anywhere; }
.prompt { margin: 0; color: var(--ink); display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
  overflow: hidden; }
.meta { color: var(--muted); font-size: 12px; }
.status { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--run); }
.status.completed { color: var(--ok); }
.status.failed { color: var(--bad); }
.id { color: var(--muted); font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.error { margin: 0; color: var(--bad); font-size: 12px; overflow-wrap: anywhere; }
`;

// Plays a tile's video while the pointer is over it. A click keeps it playing (also after the pointer
// leaves, and on touch screens) until the next click — even when hovering had already started it.
const script = `
for (const video of document.querySelectorAll("video")) {
  const tile = video.closest(".tile");
  tile.addEventListener("mouseenter", () => { video.play().catch(() => {}); });
  tile.addEventListener("mouseleave", () => { if (!video.dataset.pinned) video.pause(); });
  video.addEventListener("click", () => {
    if (video.dataset.pinned) { delete video.dataset.pinned; video.pause(); }
    else { video.dataset.pinned = "1"; video.play().catch(() => {}); }
  });
}
`;

function tile(entry: BatchSummaryEntry): string {
  const prompt = entry.prompt.length > PROMPT_CHARS ? `${entry.prompt.slice(0, PROMPT_CHARS - 1)}…` : entry.prompt;
  const media =
    entry.status === "completed" && entry.file
      ? `<video src="${href(entry.file)}"${entry.thumbnail ? ` poster="${href(entry.thumbnail)}"` : ""} preload="${entry.thumbnail ? "none" : "metadata"}" muted loop playsinline title="Hover to play; click to keep it playing, click again to stop"></video>`
      : `<div class="empty">${entry.status === "failed" ? "no video" : "not ready yet"}</div>`;
  const meta = [entry.size, entry.seconds === null ? null : `${entry.seconds} s`, entry.model].filter(Boolean);
  return `<figure class="tile" data-name="${html(entry.name)}" data-status="${html(entry.status)}">
<div class="media">${media}</div>
<figcaption>
<div class="name">${html(entry.name)}</div>
<p class="prompt" title="${html(entry.prompt)}">${html(prompt)}</p>
<div class="meta">${meta.map(html).join(" · ")}</div>
<div class="status ${html(entry.status)}">${html(entry.status)}</div>
${entry.video_id ? `<div class="id" title="${html(entry.video_id)}">${html(entry.video_id)}</div>` : ""}
${entry.error ? `<p class="error">${html(entry.error.message)}</p>` : ""}
</figcaption>
</figure>`;
}

/**
 * The contact sheet: one static HTML page, with its styles and its few lines of script inline, that opens
 * from disk and loads nothing from the network. Files are named relative to the page. While items are
 * unfinished the page reloads itself every 15 seconds, so that it fills as the batch runs.
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from "node:fs/promises";
 *
 * const entries: BatchSummaryEntry[] = JSON.parse(await readFile("renders/summary.json", "utf8"));
 * await writeFile("renders/index.html", renderContactSheet(entries, "renders"));
 * ```
 */
export function renderContactSheet(entries: readonly BatchSummaryEntry[], title: string): string {
  const done = entries.filter((entry) => entry.status === "completed").length;
  const failed = entries.filter((entry) => entry.status === "failed").length;
  const unfinished = entries.length - done - failed;
  const counts = `${done} of ${entries.length} done${failed > 0 ? `, ${failed} failed` : ""}${unfinished > 0 ? `, ${unfinished} to go (this page reloads itself every 15 s)` : ""}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${unfinished > 0 ? '<meta http-equiv="refresh" content="15">\n' : ""}<title>${html(title)}</title>
<style>${style}</style>
</head>
<body>
<header><h1>${html(title)}</h1><div class="counts">${html(counts)}</div></header>
<main class="grid">
${entries.map(tile).join("\n")}
</main>
<script>${script}</script>
</body>
</html>
`;
}
