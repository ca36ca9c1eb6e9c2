import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { colourStats, decodePng } from './decode-png.js';

/** Encode raw RGB rows with a given filter per row (test-side encoder, independent of the decoder). */
function encode(width: number, height: number, rgb: Uint8Array, filters: number[]): Buffer {
  const stride = width * 3;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const f = filters[y % filters.length]!;
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const v = rgb[y * stride + x]!;
      const a = x >= 3 ? rgb[y * stride + x - 3]! : 0;
      const b = y > 0 ? rgb[(y - 1) * stride + x]! : 0;
      const c = x >= 3 && y > 0 ? rgb[(y - 1) * stride + x - 3]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][f]!;
      raw[y * (stride + 1) + 1 + x] = (v - pred) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodePng', () => {
  it('round-trips every filter type', () => {
    const w = 7;
    const h = 10;
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + (i % 5) * 11) & 0xff);
    const png = decodePng(encode(w, h, rgb, [0, 1, 2, 3, 4]));
    expect(png.width).toBe(w);
    expect(png.height).toBe(h);
    expect(Array.from(png.pixels)).toEqual(Array.from(rgb));
  });
  it('colourStats tells a blank image from a drawn one', () => {
    const blank = decodePng(encode(4, 4, new Uint8Array(48).fill(255), [2]));
    expect(colourStats(blank)).toEqual({ distinct: 1, nonBackgroundShare: 0 });
    const drawn = new Uint8Array(48).fill(255);
    drawn.set([255, 0, 0], 0);
    drawn.set([0, 0, 255], 3);
    const stats = colourStats(decodePng(encode(4, 4, drawn, [1])));
    expect(stats.distinct).toBe(3);
    expect(stats.nonBackgroundShare).toBeCloseTo(2 / 16, 12);
    expect(() => decodePng(Buffer.from('nope'))).toThrow('not a PNG');
  });
});
