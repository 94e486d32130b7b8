import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { specDir } from "../lib/repo.ts";
import { bundle, labelledOperations, readSources, writeFileAtomic } from "./bundle.ts";
import { extractFromPage, type OpenAPIDocument, SpecSourceError } from "./extract.ts";

export const DEFAULT_INDEX = "https://docs-model.skyengine.com.cn/llms.txt";

/** Where the docs come from: a folder holding llms.txt and the pages, or the URL of an llms.txt. */
interface DocsSource {
  indexLabel: string;
  readIndex(): Promise<string>;
  /** Where a page linked from the index is read, and how to name it in messages. */
  readPage(link: string): Promise<{ label: string; text: string }>;
}

function urlSource(index: URL): DocsSource {
  const get = async (url: URL) => {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: "text/markdown, text/plain;q=0.9" } });
    } catch (error) {
      throw new SpecSourceError(url.href, `fetch failed: ${(error as Error).message}`);
    }
    if (!response.ok) throw new SpecSourceError(url.href, `fetch failed: HTTP ${response.status}`);
    return response.text();
  };
  return {
    indexLabel: index.href,
    readIndex: () => get(index),
    async readPage(link) {
      // Pages are read from where the index was read, so `--from http://127.0.0.1:…`
      // never reaches the production host that the index's absolute links name.
      const url = new URL(new URL(link, index).pathname, index);
      return { label: url.href, text: await get(url) };
    },
  };
}

function folderSource(dir: string): DocsSource {
  const read = async (path: string) => {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      throw new SpecSourceError(
        path,
        `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  };
  return {
    indexLabel: join(dir, "llms.txt"),
    readIndex: () => read(join(dir, "llms.txt")),
    async readPage(link) {
      const pathname = decodeURIComponent(new URL(link, "https://docs.invalid/").pathname);
      // The page at its path below the folder, else at the folder's top.
      const nested = join(dir, pathname);
      const text = await readFile(nested, "utf8").catch(() => read(join(dir, basename(pathname))));
      return { label: nested, text };
    },
  };
}

/** Every API reference page an llms.txt links to, as written in the index. */
export function apiReferenceLinks(index: string): string[] {
  const links = new Set<string>();
  for (const match of index.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const link = match[1] as string;
    const pathname = new URL(link, "https://docs.invalid/").pathname;
    if (pathname.includes("/api-reference/")) links.add(link);
  }
  return [...links];
}

type OperationMap = Map<string, string>;

/** Each operation's label and content, to tell what a sync added, changed or removed. */
function operationMap(doc: OpenAPIDocument | undefined): OperationMap {
  const labelled = doc ? labelledOperations(doc) : new Map();
  return new Map([...labelled].map(([label, operation]) => [label, JSON.stringify(operation)]));
}

export interface SyncReport {
  pages: string[];
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  redundantExtensions: string[];
  warnings: string[];
}

/**
 * Downloads every API reference page the index lists into spec/upstream, and
 * re-bundles. All pages are fetched and checked, and the new bundle is made,
 * before anything in spec/ changes; any failure leaves spec/ as it was.
 */
export async function sync(from: string, dir = specDir): Promise<SyncReport> {
  const source = /^https?:\/\//.test(from) ? urlSource(new URL(from)) : folderSource(resolve(from));
  const links = apiReferenceLinks(await source.readIndex());
  if (links.length === 0)
    throw new SpecSourceError(source.indexLabel, "lists no API reference page (no link under /api-reference/)");

  const pages = new Map<string, string>();
  const errors: string[] = [];
  await Promise.all(
    links.map(async (link) => {
      try {
        const pathname = new URL(link, "https://docs.invalid/").pathname;
        const name = basename(pathname).replace(/(\.md)?$/, ".md");
        const { label, text } = await source.readPage(pathname.endsWith(".md") ? link : `${link}.md`);
        extractFromPage(text, label); // fails early, naming the page
        if (pages.has(name)) throw new SpecSourceError(label, `another page is also named ${name}`);
        pages.set(name, text);
      } catch (error) {
        errors.push(error instanceof SpecSourceError ? error.message : `${link}: ${(error as Error).message}`);
      }
    }),
  );
  if (errors.length > 0) throw new Error(`nothing in spec/ was changed:\n  ${errors.sort().join("\n  ")}`);

  const staged = await mkdtemp(join(dir, ".upstream-"));
  try {
    for (const [name, text] of pages) await writeFile(join(staged, name), text);
    const result = await bundle(await readSources(dir, staged));
    const oldBundle = await readFile(join(dir, "openapi.yaml"), "utf8").catch(() => undefined);
    const before = operationMap(oldBundle ? (parse(oldBundle) as OpenAPIDocument) : undefined);
    const after = operationMap(result.document);

    // Swap: the new folder takes upstream's place, then the bundle is replaced.
    const old = `${staged}-old`;
    await rename(join(dir, "upstream"), old).catch(() => undefined);
    await rename(staged, join(dir, "upstream"));
    await rm(old, { recursive: true, force: true });
    await writeFileAtomic(join(dir, "openapi.yaml"), result.text);

    return {
      pages: [...pages.keys()].sort(),
      added: [...after.keys()].filter((k) => !before.has(k)),
      removed: [...before.keys()].filter((k) => !after.has(k)),
      changed: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)),
      unchanged: [...after.keys()].filter((k) => before.get(k) === after.get(k)).length,
      redundantExtensions: result.redundantExtensions,
      warnings: result.warnings,
    };
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

function printReport(report: SyncReport): void {
  console.log(`synced ${report.pages.length} page(s) into spec/upstream: ${report.pages.join(", ")}`);
  for (const [label, list] of [
    ["added", report.added],
    ["changed", report.changed],
    ["removed", report.removed],
  ] as const) {
    for (const op of list) console.log(`  ${label}: ${op}`);
  }
  console.log(`  unchanged: ${report.unchanged} operation(s)`);
  for (const line of report.redundantExtensions) console.log(`  extension now redundant, remove it: ${line}`);
  for (const line of report.warnings) console.warn(`  warning: ${line}`);
  if (report.added.length + report.changed.length + report.removed.length > 0) {
    console.log("Run `pnpm generate` to update the client's types.");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: "string", default: DEFAULT_INDEX } } });
  sync(values.from as string)
    .then(printReport)
    .catch((error: Error) => {
      console.error(`spec:sync failed: ${error.message}`);
      process.exitCode = 1;
    });
}
