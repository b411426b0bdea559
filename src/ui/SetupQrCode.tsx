// A setup QR code, big enough for another phone to read across a table, with the name of the device it sets up under it.
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function SetupQrCode({ text, deviceName }: { text: string; deviceName: string }) {
  const [image, setImage] = useState<{ text: string; url: string } | { text: string; error: string } | null>(null);
  useEffect(() => {
    let current = true;
    // M: survives a smudged or glare-struck screen; the link still fits at a module size phones read easily.
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } }).then(
      (svg) => current && setImage({ text, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }),
      (error: unknown) => current && setImage({ text, error: error instanceof Error ? error.message : String(error) }),
    );
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
