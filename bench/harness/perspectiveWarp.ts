// Perspective placement by inverse mapping: every destination pixel inside a quad samples the source image (bilinear).

export type Point = readonly [number, number];
export type Quad = readonly [Point, Point, Point, Point]; // top-left, top-right, bottom-right, bottom-left

type Matrix3 = [number, number, number, number, number, number, number, number, number];

/** Projective map of the unit square onto `quad` (Heckbert's closed form). */
function squareToQuad([[x0, y0], [x1, y1], [x2, y2], [x3, y3]]: Quad): Matrix3 {
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const det = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / det;
  const h = (dx1 * sy - sx * dy1) / det;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert([a, b, c, d, e, f, g, h, i]: Matrix3): Matrix3 {
  const A = e * i - f * h;
  const B = f * g - d * i;
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, (c * h - b * i) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, (c * d - a * f) / det, C / det, (b * g - a * h) / det, (a * e - b * d) / det];
}

/** Draws `source` (RGBA, with alpha) into `target` so its corners land on `quad`. */
export function warpInto(target: ImageData, source: ImageData, quad: Quad): void {
  const toSquare = invert(squareToQuad(quad));
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const left = Math.max(0, Math.floor(Math.min(...xs)));
  const right = Math.min(target.width - 1, Math.ceil(Math.max(...xs)));
  const top = Math.max(0, Math.floor(Math.min(...ys)));
  const bottom = Math.min(target.height - 1, Math.ceil(Math.max(...ys)));
  const [a, b, c, d, e, f, g, h, i] = toSquare;
  const src = source.data;
  const dst = target.data;
  const sw = source.width;
  const sh = source.height;
  for (let y = top; y <= bottom; y += 1) {
    for (let x = left; x <= right; x += 1) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w = g * px + h * py + i;
      const u = ((a * px + b * py + c) / w) * sw - 0.5;
      const v = ((d * px + e * py + f) / w) * sh - 0.5;
      if (u < -0.5 || v < -0.5 || u > sw - 0.5 || v > sh - 0.5) continue;
      const u0 = Math.min(sw - 1, Math.max(0, Math.floor(u)));
      const v0 = Math.min(sh - 1, Math.max(0, Math.floor(v)));
      const u1 = Math.min(sw - 1, u0 + 1);
      const v1 = Math.min(sh - 1, v0 + 1);
      const fu = Math.min(1, Math.max(0, u - u0));
      const fv = Math.min(1, Math.max(0, v - v0));
      const out = (y * target.width + x) * 4;
      const p00 = (v0 * sw + u0) * 4;
      const p10 = (v0 * sw + u1) * 4;
      const p01 = (v1 * sw + u0) * 4;
      const p11 = (v1 * sw + u1) * 4;
      const sample = (k: number) =>
        (src[p00 + k]! * (1 - fu) + src[p10 + k]! * fu) * (1 - fv) + (src[p01 + k]! * (1 - fu) + src[p11 + k]! * fu) * fv;
      const alpha = sample(3) / 255;
      for (let k = 0; k < 3; k += 1) dst[out + k] = dst[out + k]! * (1 - alpha) + sample(k) * alpha;
    }
  }
}
