// The closed set of door verdicts: one per scan, each with one colour, icon and sentence in the UI.

/** What the guest list says about the guest a verdict is for (docs/guest-list.md "At the door"). */
export interface ListedGuest {
  name: string;
  ticketType: string;
  /** The ticket's booking reference, e.g. `DMN-7930721728-176`; null when the list has none. */
  reference: string | null;
}

/**
 * Why a code was not checked against a guest list (the door's policy for unknown codes decides what it gets):
 * `noList`: none for the door's date; `staleList`: older than the policy's minutes; `numbers`: the list holds no plain
 * ticket numbers (only a file brings them); `notConfirmed`: not on the list, but no check-in has shown yet that the list
 * matches the tickets; `broken`: Tonic accepted tickets that were not on the list, so the list does not match them.
 */
export type UncheckedReason = 'noList' | 'staleList' | 'numbers' | 'notConfirmed' | 'broken';

export type Verdict =
  /**
   * Let in. `unchecked` (amber, never a plain green): admitted without the guest list's word, and why. `guest`: found on
   * the list. `checkId`: the event's minimum age ("Over 18"), to check on ID. `listAgeMinutes`: with `staleList`.
   * Verdicts stored before the guest list have none of these fields.
   */
  | { kind: 'admitted'; guest?: ListedGuest; checkId?: string; unchecked?: UncheckedReason; listAgeMinutes?: number }
  | { kind: 'alreadyIn'; at: string; door: string | null } // at: venue time 'YYYY-MM-DD HH:MM:SS'
  /** The guest list says this ticket is checked in (at some door, time unknown here). */
  | { kind: 'alreadyInOnList'; guest: ListedGuest }
  | { kind: 'notATicket'; reason: string }
  | { kind: 'checkedOut' }
  | { kind: 'unknownTicket' }
  | { kind: 'cancelled' }
  /** The guest list says this ticket was refunded. */
  | { kind: 'refunded'; guest: ListedGuest }
  /** On the list only for another date (`date`, YYYY-MM-DD) than the door's (`doorDate`). */
  | { kind: 'otherDate'; date: string; doorDate: string; guest: ListedGuest }
  /** A Tonic code whose middle part names another event than the door's (once the list showed the middle is the event). */
  | { kind: 'otherEvent' }
  /** Not on a loaded, current guest list whose match to the tickets is confirmed. */
  | { kind: 'notOnList' }
  /** The policy refuses unknown codes and this one could not be checked against a list (why: `reason`). */
  | { kind: 'noGuestList'; reason: UncheckedReason; listAgeMinutes?: number }
  /** A typed reference found on the list, but this door cannot yet turn it into the code Tonic checks in. */
  | { kind: 'foundNoCode'; guest: ListedGuest }
  /** A typed booking (purchase) reference with several tickets on the list: staff pick the guest in Find a guest. */
  | { kind: 'severalOnList'; purchaseRef: string; count: number }
  /**
   * The server refused the scan for a reason no other verdict names (a result its API documents nowhere, or a check-out
   * it would not take): `message` is its own words, or the result it answered when it gave none. Only ever the
   * server's verdict (ScanRow.serverVerdict, model/serverVerdict.ts), never one the door decides.
   */
  | { kind: 'refusedByServer'; message: string };

export type VerdictKind = Verdict['kind'];

/** The list's guest a verdict names, if any. */
export const listedGuestOf = (verdict: Verdict): ListedGuest | null => ('guest' in verdict && verdict.guest ? verdict.guest : null);
