// In kiosk mode, Settings opens only with the PIN: this stands in for it until the PIN is given.
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { KioskPinPrompt } from './KioskPinPrompt.tsx';
import './settings.css';

export function KioskSettingsGate({ pinHash, onUnlocked, navigate }: { pinHash: string; onUnlocked: () => void; navigate: (path: string) => void }) {
  return (
    <ScreenFrame title="Settings" onBack={() => navigate('/')} className="settings">
      <div className="notice" data-testid="settings-locked">
        <p>
          <span aria-hidden="true">! </span>This device is in kiosk mode: Settings needs the kiosk PIN.
        </p>
      </div>
      <KioskPinPrompt pinHash={pinHash} prompt="Kiosk PIN" submitLabel="Open Settings" onUnlocked={onUnlocked} onCancel={() => navigate('/')} />
    </ScreenFrame>
  );
}
