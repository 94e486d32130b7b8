import { afterEach, describe, expect, it } from "vitest";
import { APIError, BadRequestError, InternalServerError } from "../../../src/index.js";
import { clientFor, type RawHandler, rejection, reply, startRawServer } from "../helpers.js";

const nginx502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>
`;

describe("answers that are not what the spec promised", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function serve(handler: RawHandler) {
    const server = await startRawServer(handler);
    close = server.close;
    return { server, client: clientFor(server, { maxRetries: 0 }) };
  }

  it("a 200 with malformed JSON is an APIError naming what was expected and what came", async () => {
    const { client } = await serve((_request, socket) =>
      reply(socket, 200, { "content-type": "application/json", "x-request-id": "req_bad_json" }, '{"id": "video_1", '),
    );
    const error = await rejection(client.videos.retrieve("video_1"));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, requestId: "req_bad_json" });
    expect(error.message).toBe('200 expected JSON with id, got: {"id": "video_1",');
  });

  it("a 200 with malformed JSON to a create is an APIError too, not a job without an id", async () => {
    const { client } = await serve((_request, socket) =>
      reply(socket, 200, { "content-type": "application/json" }, "not json at all"),
    );
    const error = await rejection(client.videos.create({ model: "sora-2", prompt: "a fox" }));
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe("200 expected JSON with id, got: not json at all");
  });

  it("an HTML 502 page from a proxy is an InternalServerError with the status and a one-line excerpt", async () => {
    const { client } = await serve((_request, socket) =>
      reply(socket, 502, { "content-type": "text/html", "x-request-id": "req_proxy" }, nginx502),
    );
    const error = await rejection(client.videos.retrieve("video_1"));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, requestId: "req_proxy", code: undefined });
    expect(error.message).toBe("502 502 Bad Gateway 502 Bad Gateway nginx/1.25.3");
  });

  it("an empty 500 is an InternalServerError that says the body was empty", async () => {
    const { client } = await serve((_request, socket) => reply(socket, 500, { "x-request-id": "req_empty" }));
    const error = await rejection(client.videos.retrieve("video_1"));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, requestId: "req_empty" });
    expect(error.message).toBe("500 (empty body)");
  });

  it("an empty 200 is an APIError that says the body was empty", async () => {
    const { client } = await serve((_request, socket) => reply(socket, 200, { "content-type": "application/json" }));
    const error = await rejection(client.videos.retrieve("video_1"));
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe("200 expected JSON with id, got: (empty body)");
  });

  it("an empty 400 from content() is a BadRequestError that says the body was empty", async () => {
    const { client } = await serve((_request, socket) => reply(socket, 400));
    const error = await rejection(client.videos.content("video_1"));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toBe("400 (empty body)");
  });

  it("a JSON content answer without video_url is an APIError", async () => {
    const { client } = await serve((_request, socket) =>
      reply(socket, 200, { "content-type": "application/json" }, '{"expires_at": 1}'),
    );
    const error = await rejection(client.videos.content("video_1"));
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe('200 expected JSON with video_url, got: {"expires_at": 1}');
  });
});
