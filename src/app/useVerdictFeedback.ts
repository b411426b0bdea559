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
    // Mobile browsers start audio only inside a gesture: a tap unlocks it. Not a key: starting audio inside a hardware
    // scanner's burst of keys stalls the page mid-code, which reads as a typing pause and splits the code. Where keys
    // are the only input (a kiosk with a scanner), Chromium lets audio start after any earlier key (sticky activation),
    // and play() resumes it then.
    const unlock = () => {
      if (soundOn.current) player.unlock();
    };
    if (soundOn.current) player.prepare();
    window.addEventListener('pointerdown', unlock, { capture: true, passive: true });
    return () => {
      window.removeEventListener('pointerdown', unlock, { capture: true });
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
