// Before any browser starts: write the fake-camera video it will be launched with.
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DOOR_SEGMENTS, VIDEO, VIDEO_PATH } from './fixtures/doorVideo.ts';
import { writeY4m } from './fixtures/y4m.ts';

export default async function globalSetup(): Promise<void> {
  mkdirSync(dirname(VIDEO_PATH), { recursive: true });
  // Written aside and renamed into place: another run's browser may be playing the file right now.
  const aside = `${VIDEO_PATH}.${process.pid}.tmp`;
  await writeY4m(aside, DOOR_SEGMENTS, VIDEO);
  renameSync(aside, VIDEO_PATH);
}
