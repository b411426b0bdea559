// Find a guest: being built (issue 5).
import type { SettingsRow } from '../db/tables.ts';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';

export function SearchScreen({ navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  return (
    <ScreenFrame title="Find a guest" onBack={() => navigate('/')}>
      <p>Coming soon.</p>
    </ScreenFrame>
  );
}
