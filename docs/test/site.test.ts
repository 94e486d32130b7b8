import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderedGuides } from "../guides.mjs";

const site = fileURLToPath(new URL("../site/", import.meta.url));
const results = fileURLToPath(new URL("../test-results/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

let server: Server;
let origin: string;
let browser: Browser;
let page: Page;
const offMachine: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(site, "index.html"))) throw new Error(`no site at ${site}: run \`pnpm docs:build\` first`);
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname));
    const file = join(site, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(site)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  origin = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // Wide enough for typedoc to show its sidebar navigation (it folds it away on narrow screens).
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // The site must work from this machine alone: record any request that leaves 127.0.0.1, and refuse it.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    offMachine.push(url);
    return route.abort();
  });
});

/** Opens a section of typedoc's sidebar as a reader would, unless an earlier visit left it open. */
async function expand(key: string): Promise<void> {
  const summary = page.locator(`#tsd-nav-container summary[data-key="${key}"]`);
  if (!(await summary.evaluate((node) => (node.parentElement as HTMLDetailsElement).open))) await summary.click();
}

afterAll(async () => {
  await browser?.close();
  // beforeAll may have stopped before the server existed (no site, no Chromium): nothing to wait for.
  if (server?.listening) await new Promise((resolve) => server.close(resolve));
});

describe("the reference site, in headless Chromium", () => {
  it("opens on the overview and lists both packages", async () => {
    await page.goto(`${origin}/`);
    await expect(page.title()).resolves.toContain("TokenOps video SDK");
    const nav = page.locator("#tsd-nav-container");
    await expand("Modules");
    await nav.locator('a[href$="modules/_tokenops_testing.html"]').waitFor();
    const entries = (await nav.locator("a").allTextContents()).map((text) => text.trim());
    expect(entries).toEqual(expect.arrayContaining(["@tokenops/client", "@tokenops/testing", "Getting started"]));
  });

  it("follows the navigation to createClient and shows its doc comment with an example", async () => {
    await page.goto(`${origin}/`);
    // Site navigation → the package → its core entry → createClient.
    await expand("Modules");
    await page.locator('#tsd-nav-container a[href$="modules/_tokenops_client.html"]').click();
    await page.waitForURL(/modules\/_tokenops_client\.html$/);
    const content = page.locator(".col-content");
    // The core entry is listed by its import path (the page's breadcrumb links the package by the same name).
    await content.locator('a[href$="_tokenops_client._tokenops_client.html"]').first().click();
    await page.waitForURL(/_tokenops_client\._tokenops_client\.html$/);
    await content.getByRole("link", { name: "createClient", exact: true }).first().click();
    await page.waitForURL(/createClient/);
    await expect(page.locator("h1").innerText()).resolves.toContain("createClient");
    await expect(page.locator(".tsd-comment").first().innerText()).resolves.not.toBe("");
    await expect(page.locator("body").innerText()).resolves.toMatch(/Example/);
  });

  it("shows its title once and names each module by the path a user imports", async () => {
    await page.goto(`${origin}/`);
    const headings = (await page.locator("h1, h2, h3").allTextContents()).map((text) => text.trim());
    expect(headings.filter((text) => text === "TokenOps video SDK")).toHaveLength(1);
    await expand("Modules");
    for (const pkg of ["@tokenops/client", "@tokenops/testing"]) {
      await expand(`Modules$${pkg}`);
      await expand(`Modules$${pkg}$Modules`);
    }
    const nav = page.locator("#tsd-nav-container");
    const entries = (await nav.locator("a").allTextContents()).map((text) => text.trim());
    expect(entries).toEqual(
      expect.arrayContaining([
        "@tokenops/client",
        "@tokenops/client/node",
        "@tokenops/client/batch",
        "@tokenops/testing",
        "@tokenops/testing/msw",
      ]),
    );
    expect(entries.filter((entry) => ["index", "node", "batch", "msw"].includes(entry))).toEqual([]);
    await nav.locator('a[href$="modules/_tokenops_client._tokenops_client_node.html"]').click();
    await page.waitForURL(/_tokenops_client_node\.html$/);
    await expect(page.locator("h1").first().textContent()).resolves.toBe("Module @tokenops/client/node");
    await expect(page.title()).resolves.toBe("@tokenops/client/node | TokenOps video SDK");
  });

  it("lists the guides in reading order, the same in the sidebar and on the home page", async () => {
    const titles = orderedGuides().map(({ title }) => title);
    expect(titles.slice(0, 2)).toEqual(["Getting started", "Models"]);
    await page.goto(`${origin}/`);
    const home = page.locator(".col-content").locator("h2:has-text('Guides') + ul > li");
    expect((await home.allTextContents()).map((text) => text.trim())).toEqual(titles);
    await expand("Documents");
    const documents = page.locator('#tsd-nav-container summary[data-key="Documents"] + * a');
    await documents.first().waitFor();
    expect((await documents.allTextContents()).map((text) => text.trim())).toEqual(titles);
  });

  it("follows the navigation to a guide", async () => {
    await page.goto(`${origin}/`);
    await expand("Documents");
    await page.locator('#tsd-nav-container a[href$="documents/Getting_started.html"]').click();
    await page.waitForURL(/Getting_started\.html$/);
    await expect(page.locator("h1, h2").first().innerText()).resolves.toMatch(/Getting started/);
    await mkdir(results, { recursive: true });
    await page.screenshot({ path: join(results, "guide.png"), fullPage: false });
  });

  it("finds waitFor with the site search", async () => {
    await page.goto(`${origin}/`);
    await page.locator("#tsd-search-trigger").click();
    await page.keyboard.type("waitFor");
    const result = page
      .locator("#tsd-search-results li")
      .filter({ hasText: /Videos\.\s*waitFor/ })
      .first();
    await result.waitFor({ state: "visible" });
    await mkdir(results, { recursive: true });
    await page.screenshot({ path: join(results, "search.png") });
    await result.click();
    await page.waitForURL(/Videos\.html#waitfor$/);
    await expect(page.locator("#waitfor").count()).resolves.toBe(1);
    expect(offMachine).toEqual([]);
  });
});
