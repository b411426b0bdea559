// Pre-doors check: being built (issue 5).
import type { SettingsRow } from '../db/tables.ts';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';

export function PreDoorsScreen({ navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  return (
    <ScreenFrame title="Pre-doors check" onBack={() => navigate('/')}>
      <p>Coming soon.</p>
    </ScreenFrame>
  );
}
