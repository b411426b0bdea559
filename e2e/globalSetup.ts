// Before any browser starts: write the fake-camera video it will be launched with.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DOOR_SEGMENTS, VIDEO, VIDEO_PATH } from './fixtures/doorVideo.ts';
import { writeY4m } from './fixtures/y4m.ts';

export default async function globalSetup(): Promise<void> {
  mkdirSync(dirname(VIDEO_PATH), { recursive: true });
  await writeY4m(VIDEO_PATH, DOOR_SEGMENTS, VIDEO);
}
