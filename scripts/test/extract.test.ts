import { describe, expect, it } from "vitest";
import { extractFromPage, SpecSourceError } from "../spec/extract.ts";
import { vendoredPage } from "./helpers.ts";

describe("extractFromPage", () => {
  it("reads the OpenAPI document out of the vendored page's four-backtick fence", async () => {
    const doc = extractFromPage(await vendoredPage(), "videos-generations.md");
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths ?? {})).toEqual(["/v1/videos"]);
    expect(doc.components?.schemas).toHaveProperty("CreateVideoFormRequest");
  });

  it("names the page when it has no fence", () => {
    expect(() => extractFromPage("# A guide\n\nNo API here.\n", "guides/start.md")).toThrow(
      new SpecSourceError("guides/start.md", "no ````yaml fence holding an OpenAPI document was found"),
    );
  });

  it("ignores a three-backtick yaml block, which is an example rather than the document", () => {
    expect(() => extractFromPage("```yaml\nopenapi: 3.1.0\npaths: {}\n```\n", "example.md")).toThrow(
      /no ````yaml fence/,
    );
  });

  it("names the page when the fence holds invalid YAML", () => {
    expect(() => extractFromPage("````yaml GET /x\nopenapi: [3.1.0\n````\n", "broken.md")).toThrow(
      /^broken\.md: invalid YAML/,
    );
  });

  it("names the page when the fence holds YAML that is not OpenAPI", () => {
    expect(() => extractFromPage("````yaml\ntitle: hello\n````\n", "other.md")).toThrow(
      /^other\.md: not an OpenAPI 3 document/,
    );
  });
});
