// The decoder seam: an engine turns one camera frame into the codes it can read. Engines are chosen by measurement.

export type TicketBarcodeFormat = 'QRCode' | 'Aztec' | 'PDF417' | 'DataMatrix' | 'Code128';

export const TICKET_FORMATS: readonly TicketBarcodeFormat[] = ['QRCode', 'Aztec', 'PDF417', 'DataMatrix', 'Code128'];

export interface DecodedCode {
  text: string;
  format: string;
}

export interface BarcodeEngine {
  readonly name: string;
  decode(frame: ImageData): Promise<DecodedCode[]>;
}

/** Rec. 601 luma of an RGBA frame: what every engine binarises from. */
export function toGreyscale(frame: ImageData): Uint8ClampedArray {
  const { data } = frame;
  const grey = new Uint8ClampedArray(frame.width * frame.height);
  for (let pixel = 0, offset = 0; pixel < grey.length; pixel += 1, offset += 4) {
    grey[pixel] = (data[offset]! * 77 + data[offset + 1]! * 150 + data[offset + 2]! * 29) >> 8;
  }
  return grey;
}
