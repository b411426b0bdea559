// Draws one benchmark frame: a room, a ticket (printout or phone) with its code, and the condition (rotation, blur, glare...).
import type { Condition, FrameSpec } from './corpusSpec.ts';
import { warpInto, type Quad } from './perspectiveWarp.ts';
import { createRandom, type Random } from './seededRandom.ts';
import { moduleMatrix, type ModuleMatrix } from './symbols.ts';

type Context = OffscreenCanvasRenderingContext2D;

const ROTATION_DEGREES: Partial<Record<Condition, number>> = { rotated15: 15, rotated45: 45, rotated90: 90 };
const CAMERA_NOISE_SIGMA = 2.5; // every frame has a little sensor noise
const HEAVY_NOISE_SIGMA = 30;

function context2d(width: number, height: number): Context {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('OffscreenCanvas 2D is not available');
  return context;
}

const grey = (luma: number, alpha = 1) => `rgba(${luma},${luma},${luma},${alpha})`;

/** A room: a lit wall gradient and some furniture-like blocks and lines, so an empty frame is not a flat one. */
function drawRoom(context: Context, random: Random, dim: boolean): void {
  const { width, height } = context.canvas;
  const base = dim ? random.between(35, 60) : random.between(110, 165);
  const gradient = context.createLinearGradient(0, 0, width * random.between(0.3, 1), height);
  gradient.addColorStop(0, grey(Math.round(base + 25)));
  gradient.addColorStop(1, grey(Math.round(base - 25)));
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  for (let n = 0; n < 7; n += 1) {
    context.fillStyle = grey(Math.round(base + random.between(-50, 50)), random.between(0.3, 0.8));
    context.fillRect(random.between(-0.1, 0.9) * width, random.between(-0.1, 0.9) * height, random.between(0.05, 0.4) * width, random.between(0.05, 0.5) * height);
  }
  context.strokeStyle = grey(Math.round(base - 60), 0.6);
  context.lineWidth = Math.max(1, width / 400);
  for (let n = 0; n < 5; n += 1) {
    context.beginPath();
    context.moveTo(random.next() * width, random.next() * height);
    context.lineTo(random.next() * width, random.next() * height);
    context.stroke();
  }
}

interface Inks {
  ink: number;
  paper: number;
}

function inksFor(condition: Condition): Inks {
  if (condition === 'lowContrast') return { ink: 118, paper: 160 };
  if (condition === 'inverted') return { ink: 228, paper: 22 }; // a dark-mode phone screen: light modules on black
  if (condition === 'phoneScreen') return { ink: 12, paper: 246 };
  return { ink: 25, paper: 228 };
}

/** Width and height of a w x h box turned by `radians`. */
const turnedBox = (w: number, h: number, radians: number) => ({
  width: Math.abs(w * Math.cos(radians)) + Math.abs(h * Math.sin(radians)),
  height: Math.abs(w * Math.sin(radians)) + Math.abs(h * Math.cos(radians)),
});

/** Pixels per module so the code fills its share of the frame ("small": a distant ticket), and still fits once turned. */
function modulePixels(matrix: ModuleMatrix, width: number, height: number, condition: Condition, radians: number): number {
  const small = condition === 'small';
  const inPhone = condition === 'phoneScreen' ? 0.7 : 1; // leaves room for the phone around the screen
  const share = (small ? 0.25 : 0.55) * inPhone;
  const module =
    matrix.barHeightRatio !== null
      ? ((small ? 0.45 : 0.7) * inPhone * width) / matrix.columns
      : Math.min((0.8 * inPhone * width) / matrix.columns, (share * Math.min(width, height)) / matrix.rows);
  const codeWidth = matrix.columns * module;
  const codeHeight = matrix.barHeightRatio === null ? matrix.rows * module : codeWidth * matrix.barHeightRatio;
  const turned = turnedBox(codeWidth * 1.12, codeHeight * 1.12, radians); // 1.12: the paper around the code
  return module * Math.min(1, (0.94 * width) / turned.width, (0.94 * height) / turned.height);
}

/** A centre near the middle of the frame, moved at most so the turned ticket stays in view. */
function centreFor(random: Random, size: number, extent: number): number {
  const room = Math.max(0, (size - extent) / 2);
  return Math.round(size / 2 + Math.max(-room, Math.min(room, random.between(-0.08, 0.08) * size)));
}

/** The ticket as its own opaque image: paper (or screen) with the code, modules at `module` pixels (not rounded). */
function drawTicket(matrix: ModuleMatrix, module: number, inks: Inks, phone: boolean): Context {
  const codeWidth = Math.round(matrix.columns * module);
  const codeHeight = matrix.barHeightRatio === null ? Math.round(matrix.rows * module) : Math.round(codeWidth * matrix.barHeightRatio);
  const side = Math.round(codeWidth * 0.06);
  const top = phone ? Math.round(codeHeight * 0.3) : side;
  const bottom = phone ? Math.round(codeHeight * 0.5) : side;
  const context = context2d(codeWidth + 2 * side, codeHeight + top + bottom);
  const pixels = context.createImageData(context.canvas.width, context.canvas.height);
  for (let y = 0; y < pixels.height; y += 1) {
    for (let x = 0; x < pixels.width; x += 1) {
      const cx = x - side;
      const cy = y - top;
      const inCode = cx >= 0 && cy >= 0 && cx < codeWidth && cy < codeHeight;
      const row = matrix.barHeightRatio === null ? Math.floor(cy / module) : 0;
      const luma = inCode && matrix.isDark(Math.floor(cx / module), row) ? inks.ink : inks.paper;
      const at = (y * pixels.width + x) * 4;
      pixels.data[at] = luma;
      pixels.data[at + 1] = luma;
      pixels.data[at + 2] = Math.min(255, luma + (phone ? 6 : 0)); // screens are a little blue
      pixels.data[at + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
  if (phone) {
    context.fillStyle = grey(150); // app text under the code
    for (let line = 0; line < 3; line += 1) context.fillRect(side, top + codeHeight + bottom * (0.25 + line * 0.22), codeWidth * (0.9 - line * 0.25), bottom * 0.1);
  }
  return context;
}

/** A phone body around the screen: a near-black slab with rounded corners. */
function drawPhoneBody(context: Context, screenWidth: number, screenHeight: number): void {
  const bezel = screenWidth * 0.07;
  context.fillStyle = grey(12);
  context.beginPath();
  context.roundRect(-screenWidth / 2 - bezel, -screenHeight / 2 - bezel * 2, screenWidth + 2 * bezel, screenHeight + 4 * bezel, bezel * 2);
  context.fill();
}

function addGlare(context: Context, x: number, y: number, radius: number): void {
  const gradient = context.createRadialGradient(x, y, 0, x, y, radius);
  gradient.addColorStop(0, 'rgba(255,255,255,0.95)');
  gradient.addColorStop(0.4, 'rgba(255,255,255,0.7)');
  gradient.addColorStop(1, 'rgba(255,255,255,0)');
  context.globalCompositeOperation = 'lighter';
  context.fillStyle = gradient;
  context.fillRect(x - radius, y - radius, 2 * radius, 2 * radius);
  context.globalCompositeOperation = 'source-over';
}

function addNoise(pixels: ImageData, sigma: number, random: Random): void {
  const data = pixels.data;
  for (let at = 0; at < data.length; at += 4) {
    const delta = random.gaussian() * sigma;
    data[at] = data[at]! + delta;
    data[at + 1] = data[at + 1]! + delta;
    data[at + 2] = data[at + 2]! + delta;
  }
}

export async function renderFrame(spec: FrameSpec): Promise<ImageData> {
  const { width, height, condition } = spec;
  const random = createRandom(spec.seed);
  const context = context2d(width, height);
  drawRoom(context, random, condition === 'phoneScreen' || condition === 'inverted');
  let pixels: ImageData;
  if (spec.code === null) {
    pixels = context.getImageData(0, 0, width, height);
  } else {
    const matrix = await moduleMatrix(spec.code.format, spec.code.text, spec.code.ecLevel);
    const radians = ((ROTATION_DEGREES[condition] ?? 0) * Math.PI) / 180;
    const module = modulePixels(matrix, width, height, condition, radians);
    const ticket = drawTicket(matrix, module, inksFor(condition), condition === 'phoneScreen');
    const ticketWidth = ticket.canvas.width;
    const ticketHeight = ticket.canvas.height;
    // Upright frames sit on whole pixels, so "clean" really is crisp.
    const extent = turnedBox(ticketWidth, ticketHeight, radians);
    const centreX = centreFor(random, width, extent.width);
    const centreY = centreFor(random, height, extent.height);
    if (condition === 'perspective') {
      // Ticket tilted away from the camera: the far (top) edge shorter, the whole a little turned.
      const turn = (random.between(-6, 6) * Math.PI) / 180;
      const far = random.between(0.62, 0.72);
      const corners: [number, number][] = [
        [(-ticketWidth / 2) * far, -ticketHeight / 2],
        [(ticketWidth / 2) * far, -ticketHeight / 2],
        [ticketWidth / 2, ticketHeight / 2],
        [-ticketWidth / 2, ticketHeight / 2],
      ];
      const quad = corners.map(([x, y]) => [centreX + x * Math.cos(turn) - y * Math.sin(turn), centreY + x * Math.sin(turn) + y * Math.cos(turn)] as const) as unknown as Quad;
      pixels = context.getImageData(0, 0, width, height);
      warpInto(pixels, ticket.getImageData(0, 0, ticketWidth, ticketHeight), quad);
      context.putImageData(pixels, 0, 0);
    } else {
      context.save();
      context.translate(centreX, centreY);
      context.rotate(radians);
      if (condition === 'phoneScreen') drawPhoneBody(context, ticketWidth, ticketHeight);
      if (condition === 'blurred') context.filter = `blur(${Math.max(1.2, 0.45 * module).toFixed(2)}px)`; // defocus of about half a module
      context.imageSmoothingEnabled = true;
      context.drawImage(ticket.canvas, -ticketWidth / 2, -ticketHeight / 2);
      context.restore();
    }
    if (condition === 'glare') {
      const radius = Math.sqrt(ticketWidth * ticketHeight) * 0.35;
      addGlare(context, centreX + random.between(-0.25, 0.25) * ticketWidth, centreY + random.between(-0.25, 0.25) * ticketHeight, radius);
    }
    pixels = context.getImageData(0, 0, width, height);
  }
  addNoise(pixels, condition === 'noisy' ? HEAVY_NOISE_SIGMA : CAMERA_NOISE_SIGMA, random);
  return pixels;
}
