import { open } from "node:fs/promises";

/** What a video file says about itself. */
export interface Mp4Info {
  width: number;
  height: number;
  /** In seconds, from the movie header. */
  duration: number;
  /** The first video track's codec string, e.g. `avc1.64001f`. */
  codec: string;
}

const CHUNK = 256 * 1024;

/**
 * Reads width, height, duration and codec from an MP4's boxes with mp4box, reading only
 * the parts of the file the parser asks for (the `moov` box), so a large file costs a few
 * small reads. Returns undefined when the file is not an MP4 with a video track.
 *
 * @example
 * const info = await readMp4Info("demo.mp4");
 * if (info) console.log(`${info.width}x${info.height}, ${info.duration.toFixed(2)} s`);
 */
export async function readMp4Info(path: string): Promise<Mp4Info | undefined> {
  // mp4box logs every unknown box at its lowest level (error), so anything that does not
  // start like an ISO media file is turned away before it reaches the parser.
  if (!(await startsWithFtyp(path))) return undefined;
  // Loaded on demand: the parser is only needed once a file has been written.
  const { createFile, MP4BoxBuffer } = await import("mp4box");
  const file = createFile();
  let movie: import("mp4box").Movie | undefined;
  let failed = false;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = () => {
    failed = true;
  };
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    let position = 0;
    while (movie === undefined && !failed && position < size) {
      const chunk = new ArrayBuffer(Math.min(CHUNK, size - position));
      const { bytesRead } = await handle.read(new Uint8Array(chunk), 0, chunk.byteLength, position);
      if (bytesRead === 0) break;
      const next = file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(chunk.slice(0, bytesRead), position));
      // mp4box says which byte it needs next; it skips over `mdat` that way.
      position = next > position ? next : position + bytesRead;
    }
    file.flush();
  } finally {
    await handle.close();
  }
  const track = movie?.videoTracks[0];
  if (movie === undefined || track === undefined) return undefined;
  return {
    width: track.video?.width ?? track.track_width,
    height: track.video?.height ?? track.track_height,
    duration: movie.timescale > 0 ? movie.duration / movie.timescale : track.duration / track.timescale,
    codec: track.codec,
  };
}

async function startsWithFtyp(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && new TextDecoder().decode(head.subarray(4, 8)) === "ftyp";
  } finally {
    await handle.close();
  }
}
