/**
 * Draws the demo's app icons as PNGs (192 and 512 px, plus a full-bleed maskable one) from the
 * same shapes as public/icons/icon.svg, with node:zlib only. Run: `npx tsx scripts/drawIcons.ts`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/** Samples per pixel side; 4×4 gives smooth edges at these sizes. */
const SUPERSAMPLE = 4;
const ACCENT: Rgba = [79, 70, 229, 255];
const PAPER: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const OUT_DIR = path.resolve(import.meta.dirname, '../public/icons');

type Rgba = [number, number, number, number];

/** A rounded rectangle in unit coordinates (0..1 across the icon). */
interface Shape {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  r: number;
  color: Rgba;
}

const sheet: Shape = { x0: 0.28, y0: 0.22, x1: 0.72, y1: 0.78, r: 0.06, color: PAPER };
const lines: Shape[] = [0.36, 0.48, 0.6].map((y, i) => ({
  x0: 0.36,
  y0: y,
  x1: i === 2 ? 0.54 : 0.64,
  y1: y + 0.045,
  r: 0.0225,
  color: ACCENT,
}));

function shapes(maskable: boolean): Shape[] {
  // A maskable icon fills its square; the platform applies its own mask.
  const background = { x0: 0, y0: 0, x1: 1, y1: 1, r: maskable ? 0 : 0.22, color: ACCENT };
  return [background, sheet, ...lines];
}

function inside(s: Shape, x: number, y: number): boolean {
  if (x < s.x0 || x > s.x1 || y < s.y0 || y > s.y1) return false;
  const cx = Math.min(Math.max(x, s.x0 + s.r), s.x1 - s.r);
  const cy = Math.min(Math.max(y, s.y0 + s.r), s.y1 - s.r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2;
}

function draw(size: number, maskable: boolean): Buffer {
  const layers = shapes(maskable);
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (None), then RGBA
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          const color = layers.findLast((s) => inside(s, x, y))?.color ?? CLEAR;
          for (let c = 0; c < 4; c++) sum[c]! += color[c]!;
        }
      }
      for (let c = 0; c < 4; c++) row[1 + px * 4 + c] = Math.round(sum[c]! / SUPERSAMPLE ** 2);
    }
    rows.push(row);
  }
  return png(size, size, Buffer.concat(rows));
}

/** A PNG of 8-bit RGBA scanlines (each already prefixed with its filter byte). */
function png(width: number, height: number, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, default compression/filter/interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const icons: [string, number, boolean][] = [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-512.png', 512, true],
];
for (const [name, size, maskable] of icons) {
  await writeFile(path.join(OUT_DIR, name), draw(size, maskable));
  console.log(`wrote public/icons/${name}`);
}
