// Listens for a keyboard-wedge hardware scanner on the whole screen (no field needs focus).
import { useEffect, useRef } from 'react';
import { createWedgeReader, DEFAULT_WEDGE_OPTIONS } from '../reader/keyboardWedge.ts';

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');

export function useKeyboardWedge(onCode: (code: string) => void): void {
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    const reader = createWedgeReader();
    let pauseTimer: number | null = null;
    const onKeyDown = (event: KeyboardEvent) => {
      const intoEditableField = isEditable(event.target);
      const code = reader.key({
        key: event.key,
        timeStamp: event.timeStamp,
        receivedAt: performance.now(),
        intoEditableField,
        withModifier: event.ctrlKey || event.altKey || event.metaKey,
      });
      if (!intoEditableField && (event.key === 'Enter' || event.key === 'Tab') && code !== null) event.preventDefault();
      if (code !== null) onCodeRef.current(code);
      if (pauseTimer !== null) window.clearTimeout(pauseTimer);
      pauseTimer = window.setTimeout(() => {
        const ended = reader.pause(performance.now());
        if (ended !== null) onCodeRef.current(ended);
      }, DEFAULT_WEDGE_OPTIONS.endPauseMs);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      if (pauseTimer !== null) window.clearTimeout(pauseTimer);
    };
  }, []);
}
