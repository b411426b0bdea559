// Which real demo tickets each benchmark shows: Tonic-style ids and numeric RunSignup ids, never a cancelled ticket.
import { demoTickets } from '../server/demoData.ts';

function usableIds(): { tonic: string[]; numeric: string[] } {
  const ids = demoTickets()
    .filter((ticket) => !ticket.cancelled)
    .map((ticket) => ticket.ticketId);
  return { tonic: ids.filter((id) => !/^\d+$/.test(id)), numeric: ids.filter((id) => /^\d+$/.test(id)) };
}

/** Tonic ids from `tonicFrom` and numeric ids from `numericFrom`, interleaved so both kinds run through the set. */
function pick(tonicFrom: number, tonicCount: number, numericFrom: number, numericCount: number): string[] {
  const { tonic, numeric } = usableIds();
  const chosenTonic = tonic.slice(tonicFrom, tonicFrom + tonicCount);
  const chosenNumeric = numeric.slice(numericFrom, numericFrom + numericCount);
  if (chosenTonic.length < tonicCount || chosenNumeric.length < numericCount) throw new Error('the demo catalog has fewer tickets than the benchmark needs');
  const step = Math.ceil((tonicCount + numericCount) / Math.max(1, numericCount));
  const out: string[] = [];
  while (chosenTonic.length + chosenNumeric.length > 0) {
    const takeNumeric = chosenNumeric.length > 0 && (out.length % step === step - 1 || chosenTonic.length === 0);
    out.push((takeNumeric ? chosenNumeric : chosenTonic).shift()!);
  }
  return out;
}

/** 60 ids for decode timing; starts with the seed ticket (…dc.2 is second in the catalog). */
export const timingTicketIds = (): string[] => pick(0, 45, 0, 15);
export const frameToVerdictTicketIds = (): string[] => pick(100, 15, 15, 5);
export const burstTicketIds = (): string[] => pick(150, 38, 20, 12);
