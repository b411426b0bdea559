// Everything one emulator instance remembers: demo data, who is in, logs for tests, and the injected faults.
import { createDemoCatalog, type DemoCatalog, type DemoPurchase, type DemoTicket } from './demoData.ts';
import type { FaultSettings } from './faults.ts';

/** A ticket's live check-in, as the first successful scan recorded it. */
export interface TicketCheckIn {
  /** The scan time as sent, `YYYY-MM-DD HH:MM:SS`, venue-local. */
  time: string;
  deviceName: string;
  source: string;
}

export interface TicketMovementLogEntry {
  ticket_id: string;
  device_name: string;
  time: string;
  source: string;
  async: boolean;
  result: string;
  /** When the request arrived (server clock, ISO). */
  receivedAt: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** null when the connection was dropped without a reply. */
  status: number | null;
  /** When the reply left (server clock, ISO); null until then, or when the connection was dropped. */
  answeredAt: string | null;
}

/** Requests per app id per hour the emulated DesignMyNight guests API allows until a test sets another limit. */
export const DEFAULT_DMN_RATE_LIMIT_PER_HOUR = 100;

/** One app id's use of the guests API in the current clock hour. */
export interface DmnRateWindow {
  /** Start of the hour (ms since the epoch) the count belongs to. */
  hourStartMs: number;
  used: number;
}

export class EmulatorState {
  readonly clock: () => Date;
  startedAt: Date;
  catalog: DemoCatalog;
  ticketsById = new Map<string, DemoTicket>();
  purchasesById = new Map<string, DemoPurchase>();
  checkIns = new Map<string, TicketCheckIn>();
  purchaseComments = new Map<string, string | null>();
  /** RunSignup window checked-in counts by numeric ticket id: successful check-ins since start or reset. */
  windowCounts = new Map<number, number>();
  checkinLog: TicketMovementLogEntry[] = [];
  checkoutLog: TicketMovementLogEntry[] = [];
  requestLog: RequestLogEntry[] = [];
  faults: FaultSettings = {};
  /** The guests API's hourly limit per app id (POST /__control/dmn sets it; a reset restores the default). */
  dmnRateLimitPerHour = DEFAULT_DMN_RATE_LIMIT_PER_HOUR;
  /** Guests API use by app id, in fixed clock hours. */
  dmnRateWindows = new Map<string, DmnRateWindow>();
  /** Bumped by every reset: async (queued) work from before a reset must not land in the fresh state after it. */
  generation = 0;
  /** Requests waiting at the `hold` fault, each let go by calling it. */
  private held: (() => void)[] = [];

  constructor(clock: () => Date) {
    this.clock = clock;
    this.startedAt = clock();
    this.catalog = createDemoCatalog();
    this.indexCatalog();
  }

  /** Fresh demo data, no check-ins, no faults, empty logs: what each test starts from. */
  reset(): void {
    this.generation += 1;
    this.startedAt = this.clock();
    this.catalog = createDemoCatalog();
    this.checkIns.clear();
    this.purchaseComments.clear();
    this.windowCounts.clear();
    this.checkinLog = [];
    this.checkoutLog = [];
    this.requestLog = [];
    this.clearFaults();
    this.dmnRateLimitPerHour = DEFAULT_DMN_RATE_LIMIT_PER_HOUR;
    this.dmnRateWindows.clear();
    this.indexCatalog();
  }

  /** Resolves when the test releases held requests (or clears the faults, or resets). */
  waitForRelease(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  /** Lets every held request go on; how many there were. */
  releaseHeld(): number {
    const held = this.held;
    this.held = [];
    for (const release of held) release();
    return held.length;
  }

  /** No faults any more, and no request left waiting at a hold. */
  clearFaults(): void {
    this.faults = {};
    this.releaseHeld();
  }

  /** Looks a purchase up by Tonic's 24-hex `_id` or by its numeric purchase number. */
  findPurchase(id: string): DemoPurchase | undefined {
    const byObjectId = this.purchasesById.get(id);
    if (byObjectId) return byObjectId;
    return /^\d+$/.test(id) ? this.catalog.purchases.find((purchase) => String(purchase.purchaseNumber) === id) : undefined;
  }

  private indexCatalog(): void {
    this.ticketsById = new Map(this.catalog.tickets.map((ticket) => [ticket.ticketId, ticket]));
    this.purchasesById = new Map(this.catalog.purchases.map((purchase) => [purchase.objectId, purchase]));
  }
}
