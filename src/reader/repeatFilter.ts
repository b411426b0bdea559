// Drops repeated sightings of one code: a code held in front of the camera counts once; a different code counts at once.

export const REPEAT_WINDOW_MS = 3_000;

/** Returns `accept(text)`: true for a new sighting, false while the same text keeps being seen within the window. */
export function createRepeatFilter(now: () => number, windowMs = REPEAT_WINDOW_MS): (text: string) => boolean {
  const lastSeen = new Map<string, number>();
  return (text) => {
    const at = now();
    const previous = lastSeen.get(text);
    lastSeen.set(text, at);
    for (const [key, seenAt] of lastSeen) if (at - seenAt > windowMs) lastSeen.delete(key);
    return previous === undefined || at - previous > windowMs;
  };
}
