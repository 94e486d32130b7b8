/**
 * A real H.264 MP4 of any whole number of seconds, made from a one-frame MP4 (`media/frame-*.mp4`, encoded by
 * scripts/make-media.sh): the frame's sample is written `FPS` times a second, so the file plays — and every reader
 * measures — exactly that long. The frame is an IDR picture, so each sample stands alone (no `stss`: all are sync
 * samples). Deterministic, and a few kB, so the package ships six frames instead of a file per ratio and duration.
 */

/** Frames per second of a made video: enough to play smoothly in a player, few enough to stay small. */
const FPS = 4;
const TIMESCALE = 1000;

const encoder = new TextEncoder();

/** One ISO BMFF box: size, four-character type, then its payload. */
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(encoder.encode(type), 4);
  let offset = 8;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Big-endian fields: `u32(1, 2)` is eight bytes; `u16` and `u8` likewise. */
function ints(bytes: 1 | 2 | 4, ...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * bytes);
  const view = new DataView(out.buffer);
  values.forEach((value, index) => {
    if (bytes === 4) view.setUint32(index * 4, value);
    else if (bytes === 2) view.setUint16(index * 2, value);
    else view.setUint8(index, value);
  });
  return out;
}
const u32 = (...values: number[]) => ints(4, ...values);
const u16 = (...values: number[]) => ints(2, ...values);
const zeros = (count: number) => new Uint8Array(count);
/** The identity transformation matrix of mvhd and tkhd. */
const matrix = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

/** The parts of a one-frame MP4 that a longer one repeats. */
export interface StillFrame {
  /** The `stsd` box, verbatim: the avc1 sample entry with its avcC (SPS and PPS). */
  stsd: Uint8Array;
  /** The one encoded picture. */
  sample: Uint8Array;
  width: number;
  height: number;
}

/** The children of the box whose payload spans `[start, end)` of `bytes`. */
function* children(bytes: Uint8Array, start: number, end: number): Generator<[string, number, number]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = start;
  while (offset + 8 <= end) {
    const size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (size < 8 || offset + size > end) throw new Error(`still-video: bad ${type} box at ${offset}`);
    yield [type, offset, offset + size];
    offset += size;
  }
}

/** The box at a path of types (`["moov", "trak", …]`), as [start, end] of the whole box. */
function find(bytes: Uint8Array, path: readonly string[]): [number, number] {
  let range: [number, number] = [-8, bytes.byteLength];
  for (const type of path) {
    const found = [...children(bytes, range[0] + 8, range[1])].find(([name]) => name === type);
    if (found === undefined) throw new Error(`still-video: no ${path.join("/")} box`);
    range = [found[1], found[2]];
  }
  return range;
}

/** Read the frame out of a one-frame H.264 MP4 (its first sample, and its sample description). */
export function readStillFrame(mp4: Uint8Array): StillFrame {
  const stbl = ["moov", "trak", "mdia", "minf", "stbl"];
  const view = new DataView(mp4.buffer, mp4.byteOffset, mp4.byteLength);
  const [stsdStart, stsdEnd] = find(mp4, [...stbl, "stsd"]);
  const [stszStart] = find(mp4, [...stbl, "stsz"]);
  const [stcoStart] = find(mp4, [...stbl, "stco"]);
  // stsz: header, version/flags, sample_size (0 = sizes listed), count, sizes…
  const fixedSize = view.getUint32(stszStart + 12);
  const size = fixedSize !== 0 ? fixedSize : view.getUint32(stszStart + 20);
  const offset = view.getUint32(stcoStart + 16);
  // stsd: header, version/flags, entry_count, then the avc1 entry, whose width and height sit 32 bytes in.
  const entry = stsdStart + 16;
  return {
    stsd: mp4.slice(stsdStart, stsdEnd),
    sample: mp4.slice(offset, offset + size),
    width: view.getUint16(entry + 32),
    height: view.getUint16(entry + 34),
  };
}

/** An MP4 that shows `frame` for `seconds` seconds, at {@link FPS} frames a second, moov first. */
export function stillVideo(frame: StillFrame, seconds: number): Uint8Array {
  if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError(`still-video: ${seconds} s is not allowed`);
  const count = seconds * FPS;
  const duration = seconds * TIMESCALE;
  const ftyp = box("ftyp", encoder.encode("isom"), u32(0x200), encoder.encode("isomiso2avc1mp41"));
  const moovFor = (dataOffset: number) =>
    box(
      "moov",
      box("mvhd", u32(0, 0, 0, TIMESCALE, duration, 0x10000), u16(0x100), zeros(10), matrix, zeros(24), u32(2)),
      box(
        "trak",
        box(
          "tkhd",
          u32(3, 0, 0, 1, 0, duration, 0, 0),
          u16(0, 0, 0, 0),
          matrix,
          u32(frame.width << 16, frame.height << 16),
        ),
        box(
          "mdia",
          box("mdhd", u32(0, 0, 0, TIMESCALE, duration), u16(0x55c4, 0)),
          box("hdlr", u32(0, 0), encoder.encode("vide"), zeros(12), encoder.encode("VideoHandler\0")),
          box(
            "minf",
            box("vmhd", u32(1), zeros(8)),
            box("dinf", box("dref", u32(0, 1), box("url ", u32(1)))),
            box(
              "stbl",
              frame.stsd,
              box("stts", u32(0, 1, count, TIMESCALE / FPS)),
              box("stsc", u32(0, 1, 1, count, 1)),
              box("stsz", u32(0, frame.sample.byteLength, count)),
              box("stco", u32(0, 1, dataOffset)),
            ),
          ),
        ),
      ),
    );
  // The moov's size does not depend on the offset it holds: measure it once, then write it with the real one.
  const dataOffset = ftyp.byteLength + moovFor(0).byteLength + 8;
  const samples = new Uint8Array(count * frame.sample.byteLength);
  for (let index = 0; index < count; index += 1) samples.set(frame.sample, index * frame.sample.byteLength);
  const file = new Uint8Array(dataOffset + samples.byteLength);
  file.set(ftyp, 0);
  file.set(moovFor(dataOffset), ftyp.byteLength);
  file.set(box("mdat", samples), dataOffset - 8);
  return file;
}
