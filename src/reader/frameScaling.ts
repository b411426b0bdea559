// Frames as pixels at a chosen size, on OffscreenCanvas (works on the main thread and in workers).

export type FrameSource = ImageBitmap | ImageData;

/** Target size with the long side at most `maxSide`, keeping the aspect ratio; never upscales. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Reusable canvases: one per size in use, so a scan loop does not allocate per frame. */
export class FrameRasteriser {
  private readonly canvases = new Map<string, OffscreenCanvasRenderingContext2D>();

  private context(width: number, height: number): OffscreenCanvasRenderingContext2D {
    const key = `${width}x${height}`;
    let context = this.canvases.get(key);
    if (!context) {
      const created = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
      if (!created) throw new Error('OffscreenCanvas 2D is not available');
      context = created;
      this.canvases.set(key, context);
    }
    return context;
  }

  /** Pixels of `source` scaled so the long side is at most `maxSide` (Infinity: full size). */
  pixels(source: FrameSource, maxSide: number): ImageData {
    const target = fitWithin(source.width, source.height, maxSide);
    if (source instanceof ImageData && target.width === source.width) return source;
    let drawable: CanvasImageSource = source as ImageBitmap;
    if (source instanceof ImageData) {
      const full = this.context(source.width, source.height);
      full.putImageData(source, 0, 0);
      drawable = full.canvas;
    }
    const context = this.context(target.width, target.height);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'low';
    context.drawImage(drawable, 0, 0, target.width, target.height);
    return context.getImageData(0, 0, target.width, target.height);
  }
}
