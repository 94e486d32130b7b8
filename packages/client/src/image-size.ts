const size = (width: number, height: number) => `${width}x${height}`;

/**
 * Reads the pixel size of a PNG, JPEG or WebP image from its header, without decoding it, as `WIDTHxHEIGHT`
 * (the spec's `size` format). A few small `blob.slice()` reads: a file streamed from disk is never read
 * whole. Undefined for anything else (another format, a truncated or corrupt header).
 */
export async function readImageSize(blob: Blob): Promise<string | undefined> {
  const readBytes = async (start: number, length = 30) =>
    new DataView(await blob.slice(start, start + length).arrayBuffer());
  try {
    const head = await readBytes(0);
    // Four bytes as one big-endian number: "RIFF" is 0x52494646.
    const tag = (at: number) => head.getUint32(at);
    // PNG: the signature, then the IHDR chunk with big-endian width and height.
    if (tag(0) === 0x89504e47 && tag(12) === 0x49484452) return size(tag(16), tag(20));
    if (tag(0) === 0x52494646 && tag(8) === 0x57454250) {
      const chunk = tag(12);
      // WebP extended ("VP8X"): 24-bit canvas width-1 and height-1.
      if (chunk === 0x56503858) {
        return size(1 + (head.getUint32(24, true) & 0xffffff), 1 + (head.getUint32(26, true) >>> 8));
      }
      // WebP lossy ("VP8 "): 14-bit width and height after the key frame's start code.
      if (chunk === 0x56503820) return size(head.getUint16(26, true) & 0x3fff, head.getUint16(28, true) & 0x3fff);
      // WebP lossless ("VP8L"): 14-bit width-1 and height-1 after the 0x2f signature.
      const bits = head.getUint32(21, true);
      if (chunk === 0x5650384c) return size(1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff));
    }
    // JPEG: walk the segments to the first start-of-frame, reading only each segment's header.
    for (let offset = 2, segments = 0; head.getUint16(0) === 0xffd8 && segments++ < 1000; ) {
      const segment = await readBytes(offset, 9);
      const marker = segment.getUint16(0) - 0xff00;
      if (marker < 0 || marker > 0xff) return undefined;
      if (marker === 0xff)
        offset++; // fill byte
      else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8))
        offset += 2; // markers without a length
      // SOFn (C0–CF but DHT, JPG, DAC): length, precision, height, width.
      else if (marker >> 4 === 0xc && (marker === 0xc0 || marker % 4)) {
        return size(segment.getUint16(7), segment.getUint16(5));
      } else offset += 2 + segment.getUint16(2);
    }
  } catch {
    // A header too short to hold a size: unreadable, like any other malformed image.
  }
  return undefined;
}
