// A clock that test controls can move: the base clock (the machine's, or one a test injected) plus an offset.

export class SettableClock {
  private offsetMs = 0;

  constructor(private readonly base: () => Date) {}

  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  /** From now on the clock reads `at` and runs on from there; `null` goes back to the base clock. */
  set(at: Date | null): void {
    this.offsetMs = at === null ? 0 : at.getTime() - this.base().getTime();
  }
}
