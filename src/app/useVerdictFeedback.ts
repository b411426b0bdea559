// Sound and vibration for the verdict on screen: once per verdict, as the Settings preferences allow.
import { useEffect, useMemo, useRef } from 'react';
import type { FeedbackKind } from '../ui/verdictFeedback.ts';
import { createFeedbackPlayer } from '../ui/verdictFeedbackPlayer.ts';

const log = (message: string, context?: unknown) => console.warn(`[doorlist] ${message}`, context ?? '');

/**
 * `verdictKey` names the verdict now on screen (a scan id, say), null when none: a key seen before plays nothing, so a
 * verdict that re-renders (the server's note arriving) does not beep twice.
 */
export function useVerdictFeedback(verdictKey: string | null, kind: FeedbackKind | null, preferences: { sound: boolean; haptics: boolean }): void {
  const player = useMemo(() => createFeedbackPlayer(log), []);
  const soundOn = useRef(preferences.sound);
  soundOn.current = preferences.sound;

  useEffect(() => {
    // Mobile browsers start audio only inside a gesture: any tap or key (a hardware scanner types keys) unlocks it.
    const unlock = () => {
      if (soundOn.current) player.unlock();
    };
    if (soundOn.current) player.prepare();
    window.addEventListener('pointerdown', unlock, { capture: true, passive: true });
    window.addEventListener('keydown', unlock, { capture: true, passive: true });
    return () => {
      window.removeEventListener('pointerdown', unlock, { capture: true });
      window.removeEventListener('keydown', unlock, { capture: true });
      player.close();
    };
  }, [player]);

  const played = useRef<string | null>(null);
  const { sound, haptics } = preferences;
  useEffect(() => {
    if (verdictKey === null || kind === null || played.current === verdictKey) return;
    played.current = verdictKey;
    player.play(kind, { sound, haptics });
  }, [player, verdictKey, kind, sound, haptics]);
}
