// Runs the camera while the scan screen is shown: picks the engine, filters repeated frames, stops every track on leave.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { BarcodeEngine } from '../scan/barcodeEngine.ts';
import { CameraError, startCameraSession, type CameraProblem, type CameraSession } from '../scan/cameraSession.ts';
import { createRepeatFilter } from '../scan/repeatFilter.ts';
import { selectEngine } from '../scan/selectEngine.ts';

export type CameraState =
  | { kind: 'starting' }
  | { kind: 'running'; engine: string }
  | { kind: 'stopped'; problem: CameraProblem | null; message: string | null };

const HELP: Record<CameraProblem, string> = {
  permission: 'Allow the camera for this site in the browser settings, then tap Start camera. You can still type a reference below.',
  noCamera: 'Connect a camera or use a hardware scanner. You can still type a reference below.',
  inUse: 'Close other apps or tabs using the camera, then tap Start camera.',
  insecure: 'Open Doorlist from its https:// address.',
  unsupported: 'Use a current Chrome, Safari or Firefox.',
  failed: 'Tap Start camera to try again.',
};

export const cameraHelp = (problem: CameraProblem) => HELP[problem];

export function useCameraScanner(videoRef: RefObject<HTMLVideoElement | null>, onText: (text: string) => void) {
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const session = useRef<CameraSession | null>(null);
  const engine = useRef<Promise<BarcodeEngine> | null>(null);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;
  const generation = useRef(0);

  const stop = useCallback(() => {
    generation.current += 1;
    session.current?.stop();
    session.current = null;
  }, []);

  const start = useCallback(async () => {
    const video = videoRef.current;
    if (!video) return;
    stop();
    const mine = generation.current;
    setState({ kind: 'starting' });
    engine.current ??= selectEngine((message, context) => console.warn(`[doorlist] ${message}`, context));
    const accept = createRepeatFilter(() => performance.now());
    try {
      const chosen = await engine.current;
      const started = await startCameraSession(
        video,
        chosen,
        (codes) => {
          for (const code of codes) if (accept(code.text)) onTextRef.current(code.text);
        },
        (error) => console.warn('[doorlist] decode failed', error),
      );
      if (mine !== generation.current) {
        started.stop(); // the screen was left while the camera was starting
        return;
      }
      session.current = started;
      setState({ kind: 'running', engine: chosen.name });
    } catch (error) {
      if (mine !== generation.current) return;
      const problem = error instanceof CameraError ? error.problem : 'failed';
      setState({ kind: 'stopped', problem, message: error instanceof Error ? error.message : String(error) });
    }
  }, [stop, videoRef]);

  useEffect(() => {
    void start();
    return stop;
  }, [start, stop]);

  return { state, start };
}
