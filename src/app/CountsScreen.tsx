// Counts: being built (issue 5).
import type { SettingsRow } from '../db/tables.ts';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';

export function CountsScreen({ navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  return (
    <ScreenFrame title="Counts" onBack={() => navigate('/')}>
      <p>Coming soon.</p>
    </ScreenFrame>
  );
}
