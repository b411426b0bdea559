// Runs the camera while the scan screen is shown: repeat filter, pause (by staff or when hidden), switch camera, torch.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { CameraError, listCameras, type CameraProblem, type CameraSession } from '../reader/cameraSession.ts';
import { startCameraScanner } from '../reader/cameraScanner.ts';
import type { DecoderHealth } from '../reader/barcodeEngine.ts';
import { useEngine } from './engineContext.ts';

export type CameraState =
  | { kind: 'starting' }
  | { kind: 'running'; engine: string; decoderHealth: DecoderHealth; torchAvailable: boolean; torchOn: boolean; cameraCount: number }
  | { kind: 'paused' }
  | { kind: 'stopped'; problem: CameraProblem; message: string };

const HELP: Record<CameraProblem, string> = {
  permission: 'Allow the camera for this site in the browser settings, then tap Start camera. Meanwhile, type ticket references below.',
  noCamera: 'Connect a camera or use a hardware scanner. Meanwhile, type ticket references below.',
  inUse: 'Close other apps or tabs that use the camera, then tap Start camera.',
  insecure: 'Open Doorlist from its https:// address; browsers only give the camera to secure pages.',
  unsupported: 'Use a current Chrome, Safari or Firefox. Meanwhile, type ticket references below.',
  failed: 'Tap Start camera to try again.',
  ended: 'Tap Start camera. If it does not start, check that the camera is connected and allowed for this site. Meanwhile, type ticket references below.',
};

const CAMERA_ENDED = 'The camera stopped (it was disconnected, or the permission to use it was taken away).';

export const cameraHelp = (problem: CameraProblem) => HELP[problem];

export function useCameraScanner(videoRef: RefObject<HTMLVideoElement | null>, onText: (text: string, frameAt: number) => void) {
  const engine = useEngine();
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const session = useRef<CameraSession | null>(null);
  const deviceId = useRef<string | null>(null);
  const pausedByStaff = useRef(false);
  const generation = useRef(0);
  const stopWatchingDecoder = useRef<(() => void) | null>(null);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  const stopSession = useCallback(() => {
    generation.current += 1;
    session.current?.stop();
    session.current = null;
    stopWatchingDecoder.current?.();
    stopWatchingDecoder.current = null;
  }, []);

  const start = useCallback(async () => {
    const video = videoRef.current;
    if (!video) return;
    stopSession();
    pausedByStaff.current = false;
    const mine = generation.current;
    setState({ kind: 'starting' });
    try {
      const decoder = await engine.decoder();
      if (mine !== generation.current) return;
      const started = await startCameraScanner(video, decoder, (text, frameAt) => onTextRef.current(text, frameAt), {
        now: () => performance.now(),
        onDecodeError: (error) => console.warn('[doorlist] decode failed', error),
        deviceId: deviceId.current,
        onEnded: () => {
          if (mine !== generation.current) return;
          stopSession();
          setState({ kind: 'stopped', problem: 'ended', message: CAMERA_ENDED });
        },
      });
      if (mine !== generation.current) {
        started.stop(); // the screen was left or paused while the camera was starting
        return;
      }
      session.current = started;
      deviceId.current = started.deviceId;
      const cameras = await listCameras();
      if (mine !== generation.current) return;
      setState({ kind: 'running', engine: decoder.name, decoderHealth: 'ok', torchAvailable: started.torchAvailable, torchOn: false, cameraCount: cameras.length });
      // A decoder that dies is restarted (or replaced) by itself; the screen says what is going on meanwhile.
      stopWatchingDecoder.current =
        decoder.onHealthChange?.((decoderHealth) =>
          setState((current) => (current.kind === 'running' ? { ...current, engine: decoder.name, decoderHealth } : current)),
        ) ?? null;
    } catch (error) {
      if (mine !== generation.current) return;
      setState({ kind: 'stopped', problem: error instanceof CameraError ? error.problem : 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }, [engine, stopSession, videoRef]);

  const pause = useCallback(() => {
    pausedByStaff.current = true;
    stopSession();
    setState({ kind: 'paused' });
  }, [stopSession]);

  const switchCamera = useCallback(async () => {
    const cameras = await listCameras();
    if (cameras.length < 2) return;
    const index = cameras.findIndex((camera) => camera.deviceId === deviceId.current);
    deviceId.current = cameras[(index + 1) % cameras.length]?.deviceId ?? null;
    await start();
  }, [start]);

  const setTorch = useCallback(async (on: boolean) => {
    await session.current?.setTorch(on);
    setState((current) => (current.kind === 'running' ? { ...current, torchOn: on } : current));
  }, []);

  useEffect(() => {
    void start();
    // A hidden page keeps no camera open (battery, privacy, and other apps may need it); it comes back when shown.
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') stopSession();
      else if (!pausedByStaff.current && session.current === null) void start();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      stopSession();
    };
  }, [start, stopSession]);

  return { state, start, pause, switchCamera, setTorch };
}
