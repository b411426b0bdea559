// Asks for the kiosk PIN before something protected (Settings in kiosk mode, leaving kiosk mode, the setup QR).
import { PinPad } from '../ui/PinPad.tsx';
import { useKioskPinCheck } from './useKioskPin.ts';

export function KioskPinPrompt({ pinHash, prompt, submitLabel = 'Unlock', onUnlocked, onCancel }: { pinHash: string; prompt: string; submitLabel?: string; onUnlocked: () => void; onCancel: () => void }) {
  const pin = useKioskPinCheck(pinHash);
  return (
    <PinPad
      prompt={prompt}
      submitLabel={submitLabel}
      message={pin.message}
      locked={pin.locked}
      busy={pin.busy}
      onSubmit={(typed) => {
        void pin.check(typed).then((right) => right && onUnlocked());
      }}
      onCancel={onCancel}
    />
  );
}
