// Activity's words about the scan history kept on this device: how long, what was cleared, what older scans stay and why.
import type { HistoryRetention } from '../engine/viewTypes.ts';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** `timeZone`: the venue's, so the date reads as the door's calendar ("3 Dec"). */
export function describeHistoryRetention({ days, lastPrune }: HistoryRetention, timeZone: string): { kept: string; waiting: string | null } {
  const period = `Kept on this device for ${count(days, 'day', 'days')}`;
  const at = lastPrune?.at ? Date.parse(lastPrune.at) : NaN;
  const cleared =
    lastPrune && lastPrune.totalRemoved > 0 && Number.isFinite(at)
      ? `${count(lastPrune.totalRemoved, 'older scan', 'older scans')} cleared, the last on ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(at)}`
      : 'nothing older cleared yet';
  const held = lastPrune?.keptOlder ?? 0;
  return {
    kept: `${period} · ${cleared}`,
    waiting: held > 0 ? `${count(held, 'older scan is', 'older scans are')} kept until sent, confirmed or marked handled.` : null,
  };
}
