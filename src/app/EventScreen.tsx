// Event: being built (issue 5).
import type { SettingsRow } from '../db/tables.ts';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';

export function EventScreen({ navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  return (
    <ScreenFrame title="Event" onBack={() => navigate('/')}>
      <p>Coming soon.</p>
    </ScreenFrame>
  );
}
