// Messages between the page and the decode worker.
import type { DecodedCode } from './barcodeEngine.ts';
import type { FrameSource } from './frameScaling.ts';

export interface DecodeRequest {
  id: number;
  frame: FrameSource;
}

export type DecodeWorkerMessage =
  | { type: 'ready' }
  | { type: 'loadFailed'; message: string }
  | { type: 'decoded'; id: number; codes: DecodedCode[]; decodeMs: number }
  | { type: 'failed'; id: number; message: string };
