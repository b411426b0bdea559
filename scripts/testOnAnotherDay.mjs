#!/usr/bin/env node
// `npm run test:dates`: runs the whole Vitest suite again with the system date faked a year ahead (libfaketime), in the time
// zone farthest ahead of UTC (Pacific/Kiritimati, UTC+14), starting 20 s before midnight at the venue (Europe/London)
// so the run crosses a venue day. A test that hard-codes today's date, or reads "today" once and compares it later,
// fails here instead of on the day after it lands.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VENUE_TIME_ZONE = 'Europe/London';
const PROCESS_TIME_ZONE = 'Pacific/Kiritimati';
const SECONDS_BEFORE_VENUE_MIDNIGHT = 20;

/** The venue's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function venueOffsetMs(instant) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: VENUE_TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** A year and a day from now, moved to 20 s before the next venue midnight. */
export function targetStart(now) {
  const ahead = new Date(now.getTime() + 366 * 86_400_000);
  const offset = venueOffsetMs(ahead);
  const venueLocal = ahead.getTime() + offset;
  const nextVenueMidnight = (Math.floor(venueLocal / 86_400_000) + 1) * 86_400_000 - offset;
  return new Date(nextVenueMidnight - SECONDS_BEFORE_VENUE_MIDNIGHT * 1000);
}

/** Debian's libfaketime, wherever the architecture puts it (/usr/lib/x86_64-linux-gnu/faketime/, /usr/lib/aarch64-linux-gnu/faketime/, …). */
function findLibfaketime() {
  const roots = ['/usr/lib', ...readdirSync('/usr/lib', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `/usr/lib/${entry.name}`)];
  return roots.map((root) => `${root}/faketime/libfaketime.so.1`).find((file) => existsSync(file)) ?? null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const LIBFAKETIME = findLibfaketime();
  if (LIBFAKETIME === null) {
    console.error('test:dates needs libfaketime: apt-get install faketime (npm test installs it when run as root).');
    process.exit(1);
  }
  const now = new Date();
  const start = targetStart(now);
  const offsetSeconds = Math.round((start.getTime() - now.getTime()) / 1000);
  // `--playwright`: the end-to-end suite instead (npm run test:e2e:dates). Chromium itself stays on the real date (it
  // aborts every navigation under libfaketime), so a spec whose page and server must agree on the day fails here
  // unless it puts both on one day (e2e/support/clock.ts).
  const playwright = process.argv[2] === '--playwright';
  const command = playwright ? ['playwright', 'test', ...process.argv.slice(3)] : ['vitest', 'run', ...process.argv.slice(2)];
  console.log(`${playwright ? 'Playwright' : 'Vitest again'} with the system clock at ${start.toISOString()} (TZ=${PROCESS_TIME_ZONE}; venue midnight ${SECONDS_BEFORE_VENUE_MIDNIGHT} s into the run)`);
  const result = spawnSync('npx', command, {
    stdio: 'inherit',
    env: {
      ...process.env,
      TZ: PROCESS_TIME_ZONE,
      // One offset for every process of the run (Vitest, its workers, the servers tests spawn), as a machine whose
      // date is set ahead; the monotonic clock stays real, so timers behave as on that machine.
      LD_PRELOAD: [LIBFAKETIME, process.env.LD_PRELOAD].filter(Boolean).join(' '),
      FAKETIME: `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`,
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      DOORLIST_FAKED_DATE: start.toISOString(),
    },
  });
  process.exit(result.status ?? 1);
}
