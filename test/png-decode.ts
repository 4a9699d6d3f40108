// Test-only PNG decoder (8-bit RGB/RGBA, non-interlaced: what resvg writes), using the
// runtime's DecompressionStream so it runs inside workerd next to the Worker under test.
export async function decodePng(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = v.getUint32(16);
  const height = v.getUint32(20);
  const colorType = bytes[25]!;
  if (bytes[24] !== 8 || bytes[28] !== 0 || (colorType !== 6 && colorType !== 2)) throw new Error('unsupported PNG');
  const channels = colorType === 6 ? 4 : 3;
  const idat: Uint8Array[] = [];
  for (let off = 8; off < bytes.length; ) {
    const len = v.getUint32(off);
    const type = String.fromCharCode(...bytes.subarray(off + 4, off + 8));
    if (type === 'IDAT') idat.push(bytes.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = new Uint8Array(await new Response(new Blob(idat).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, pr][filter]!;
      out[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    data[i * 4] = out[j]!;
    data[i * 4 + 1] = out[j + 1]!;
    data[i * 4 + 2] = out[j + 2]!;
    data[i * 4 + 3] = channels === 4 ? out[j + 3]! : 255;
  }
  return { width, height, data };
}
