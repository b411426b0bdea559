// The closed set of door verdicts: one per scan, each with one colour, icon and sentence in the UI.

export type Verdict =
  | { kind: 'admitted' }
  | { kind: 'alreadyIn'; at: string; door: string | null } // at: venue time 'YYYY-MM-DD HH:MM:SS'
  | { kind: 'notATicket'; reason: string }
  | { kind: 'checkedOut' }
  | { kind: 'unknownTicket' }
  | { kind: 'cancelled' };

export type VerdictKind = Verdict['kind'];

/** Verdicts that mean "let this person in". */
export const isAdmission = (verdict: Verdict): boolean => verdict.kind === 'admitted';
