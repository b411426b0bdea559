// The decoder seam: an engine turns one camera frame into the codes it can read. Engines are chosen by measurement.
import type { FrameSource } from './frameScaling.ts';

export type TicketBarcodeFormat = 'QRCode' | 'Aztec' | 'PDF417' | 'DataMatrix' | 'Code128';

export const TICKET_FORMATS: readonly TicketBarcodeFormat[] = ['QRCode', 'Aztec', 'PDF417', 'DataMatrix', 'Code128'];

export interface DecodedCode {
  text: string;
  format: string;
}

export interface BarcodeEngine {
  /** Stable name, used in benchmark figures (`decode_p95_ms_720p_qr.<name>`). */
  readonly name: string;
  decode(frame: FrameSource): Promise<DecodedCode[]>;
  dispose?(): void;
  /** Engines that heal themselves (the worker) say when they restart or fell back: the listener hears the health now, then each change; returns the unsubscribe. */
  onHealthChange?(listener: (health: DecoderHealth) => void): () => void;
}

/** `restarting`: the decoder died and a new one is starting; `fallback`: it kept dying, a slower one reads now. */
export type DecoderHealth = 'ok' | 'restarting' | 'fallback';
