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
}
