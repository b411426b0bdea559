// A setup QR code, big enough for another phone to read across a table, with the name of the device it sets up under it.
import { useEffect, useState } from 'react';

// The QR code maker is only needed when the organiser shows a setup QR: it loads then (the service worker precaches it),
// not with the scan screen.
type QrCodeMaker = () => Promise<{ default: { toString(text: string, options: object): Promise<string> } }>;
const qrCodeMaker: QrCodeMaker = () => import('qrcode');
/** Why there is no code when its maker could not be loaded (a device offline since before the app was fully stored). */
export const NOT_STORED = 'this device has not stored that part of the app yet: open Doorlist once online, or give the setup link instead';

/** The setup QR as an SVG data URL, or why it could not be drawn. */
export async function drawSetupQr(text: string, load: QrCodeMaker = qrCodeMaker): Promise<{ url: string } | { error: string }> {
  let maker: Awaited<ReturnType<QrCodeMaker>>['default'];
  try {
    maker = (await load()).default;
  } catch {
    return { error: NOT_STORED };
  }
  try {
    // M: survives a smudged or glare-struck screen; the link still fits at a module size phones read easily.
    const svg = await maker.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
    return { url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export function SetupQrCode({ text, deviceName }: { text: string; deviceName: string }) {
  const [image, setImage] = useState<{ text: string; url: string } | { text: string; error: string } | null>(null);
  useEffect(() => {
    let current = true;
    void drawSetupQr(text).then((drawn) => current && setImage({ text, ...drawn }));
    return () => {
      current = false;
    };
  }, [text]);
  if (image === null || image.text !== text) return <p className="setup-qr-wait">Drawing the QR code…</p>;
  if ('error' in image) {
    return (
      <p className="notice notice-bad" role="alert">
        The setup QR code could not be drawn ({image.error}).
      </p>
    );
  }
  return (
    <figure className="setup-qr" data-testid="setup-qr">
      <img src={image.url} alt={`Setup QR code for ${deviceName}`} />
      <figcaption>{deviceName}</figcaption>
    </figure>
  );
}
