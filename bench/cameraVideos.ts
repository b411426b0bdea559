// The fake-camera videos of the camera benchmarks (Y4M; tickets at 640x480, 10 fps), written to bench/.artifacts/ on every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeY4m, type VideoSegment } from '../e2e/fixtures/y4m.ts';
import { createRandom } from './harness/seededRandom.ts';

export const ARTIFACTS_DIR = fileURLToPath(new URL('./.artifacts', import.meta.url));
const VIDEO = { width: 640, height: 480, fps: 10 }; // a frame is 460,800 bytes
const FRAME_MS = 1000 / VIDEO.fps;

export interface CameraVideo {
  path: string;
  tickets: string[];
  /** How long each ticket is in view, and the video's length before it loops. */
  showMs: number;
  loopMs: number;
}

function describe(path: string, tickets: string[], segments: VideoSegment[], showFrames: number): CameraVideo {
  const frames = segments.reduce((sum, segment) => sum + segment.frames, 0);
  return { path, tickets, showMs: showFrames * FRAME_MS, loopMs: frames * FRAME_MS };
}

async function write(name: string, tickets: string[], segments: VideoSegment[], showFrames: number): Promise<CameraVideo> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}/${name}.y4m`;
  await writeY4m(path, segments, VIDEO);
  return describe(path, tickets, segments, showFrames);
}

/** Each ticket 1 s in view, then 1 s of empty scene: every verdict starts from a fresh code (184 MB for 20 tickets). */
export function writeFrameToVerdictVideo(tickets: string[]): Promise<CameraVideo> {
  const segments = tickets.flatMap((text): VideoSegment[] => [
    { text, frames: 10 },
    { text: null, frames: 10 },
  ]);
  return write('frame-to-verdict', tickets, segments, 10);
}

/** Tickets back to back at 2 a second, then 5 s of empty scene so the loop does not repeat at once (138 MB for 50). */
export const BURST_TAIL_MS = 5_000;
export function writeBurstVideo(tickets: string[]): Promise<CameraVideo> {
  const segments: VideoSegment[] = [...tickets.map((text) => ({ text, frames: 5 })), { text: null, frames: BURST_TAIL_MS / FRAME_MS }];
  return write('burst', tickets, segments, 5);
}

/** Luma of a room with some texture (a wall gradient, furniture blocks, sensor noise): a flat frame would flatter the decoder. */
function roomLuma(width: number, height: number, frame: number): Uint8Array {
  const random = createRandom(777); // the same room in every frame
  const noise = createRandom(1000 + frame);
  const luma = new Uint8Array(width * height);
  const blocks = Array.from({ length: 8 }, () => ({
    x: random.between(-0.1, 0.9) * width,
    y: random.between(-0.1, 0.9) * height,
    w: random.between(0.05, 0.4) * width,
    h: random.between(0.05, 0.5) * height,
    shift: random.between(-45, 45),
  }));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let value = 165 - (60 * (x + y)) / (width + height);
      for (const block of blocks) if (x >= block.x && x < block.x + block.w && y >= block.y && y < block.y + block.h) value += block.shift;
      luma[y * width + x] = Math.max(0, Math.min(255, value + noise.gaussian() * 3));
    }
  }
  return luma;
}

/** What the scan screen asks a phone camera for (1280x720; 30 fps is what phones give). */
export const IDLE_VIDEO = { width: 1280, height: 720, fps: 30 };

/** An empty room, ten frames that differ only by sensor noise (14 MB), for idle CPU. */
export function writeEmptyVideo(): CameraVideo {
  const { width, height, fps } = IDLE_VIDEO;
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}/empty-720p.y4m`;
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const parts: Uint8Array[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  const frames = 10;
  for (let frame = 0; frame < frames; frame += 1) parts.push(Buffer.from('FRAME\n'), roomLuma(width, height, frame), chroma);
  writeFileSync(path, Buffer.concat(parts));
  return { path, tickets: [], showMs: 0, loopMs: (frames * 1000) / fps };
}
