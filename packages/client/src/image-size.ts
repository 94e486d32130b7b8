const size = (width: number, height: number) => `${width}x${height}`;

/**
 * Reads the pixel size of a PNG, JPEG or WebP image from its header, without decoding it, as `WIDTHxHEIGHT`
 * (the spec's `size` format). A few small `blob.slice()` reads: a file streamed from disk is never read
 * whole. Undefined for anything else (another format, a truncated or corrupt header).
 */
export async function readImageSize(blob: Blob): Promise<string | undefined> {
  const read = async (start: number, length: number) =>
    new Uint8Array(await blob.slice(start, start + length).arrayBuffer());
  try {
    const head = await read(0, 30);
    const view = new DataView(head.buffer);
    const ascii = String.fromCharCode(...head);
    const webp = ascii.startsWith("RIFF") && ascii.slice(8, 16);
    // PNG: the signature, then the IHDR chunk with big-endian width and height.
    if (ascii.startsWith("\x89PNG") && ascii.slice(12, 16) === "IHDR")
      return size(view.getUint32(16), view.getUint32(20));
    // WebP, extended: 24-bit canvas width-1 and height-1.
    if (webp === "WEBPVP8X")
      return size(1 + (view.getUint32(24, true) & 0xffffff), 1 + (view.getUint32(26, true) >>> 8));
    // WebP, lossy: 14-bit width and height after the key frame's start code.
    if (webp === "WEBPVP8 ") return size(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
    // WebP, lossless: 14-bit width-1 and height-1 after the 0x2f signature.
    if (webp === "WEBPVP8L") {
      const bits = view.getUint32(21, true);
      return size(1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff));
    }
    // JPEG: walk the segments to the first start-of-frame, reading only each segment's header.
    for (let offset = 2, segments = 0; ascii.startsWith("\xff\xd8") && segments < 1000; segments++) {
      const [ff, marker = 0, a = 0, b = 0, , c = 0, d = 0, e = 0, f = 0] = await read(offset, 9);
      if (ff !== 0xff) return undefined;
      if (marker === 0xff)
        offset++; // fill byte
      else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8))
        offset += 2; // markers without a length
      // SOFn (C0–CF but DHT, JPG, DAC): length, precision, height, width.
      else if (marker >> 4 === 0xc && (marker === 0xc0 || marker % 4)) return size((e << 8) | f, (c << 8) | d);
      else offset += 2 + ((a << 8) | b);
    }
  } catch {
    // A header too short to hold a size: unreadable, like any other malformed image.
  }
  return undefined;
}
