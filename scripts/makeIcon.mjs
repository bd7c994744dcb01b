// Draws media/icon.png (128×128): three ascending bars — the three tiers — on a rounded square.
// Pure Node (zlib) so it needs nothing installed; run `node scripts/makeIcon.mjs` after a change.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const bars = [
  { x0: 26, x1: 46, top: 78, color: [0x4c, 0xc3, 0x8a] },
  { x0: 54, x1: 74, top: 56, color: [0x4d, 0x9d, 0xf0] },
  { x0: 82, x1: 102, top: 30, color: [0xb1, 0x80, 0xf0] },
];
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    // 4× supersampling for smooth edges.
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < 2; sy++) for (let sx = 0; sx < 2; sx++) {
      const px = x + (sx + 0.5) / 2, py = y + (sy + 0.5) / 2;
      let color = null;
      if (inRoundedRect(px, py, 4, 4, 124, 124, 22)) color = [0x1e, 0x24, 0x33];
      for (const bar of bars) if (inRoundedRect(px, py, bar.x0, bar.top, bar.x1, 104, 4)) color = bar.color;
      if (color) { r += color[0]; g += color[1]; b += color[2]; a += 255; }
    }
    const i = (y * size + x) * 4;
    const n = a / 255 || 1;
    pixels[i] = r / n; pixels[i + 1] = g / n; pixels[i + 2] = b / n; pixels[i + 3] = a / 4;
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 6;
writeFileSync(new URL('../media/icon.png', import.meta.url), Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
]));
console.log('wrote media/icon.png');
