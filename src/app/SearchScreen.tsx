// Find a guest: the tickets this device knows, by name, reference or ticket number, offline; check in or out and note the booking.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { guestPresence, MAX_GUEST_RESULTS, searchGuests, type GuestPresence } from '../checkin/searchGuests.ts';
import type { ScanDirection, SettingsRow, TicketRow } from '../db/tables.ts';
import { purchaseIdOf } from '../sync/bookingNotes.ts';
import { BookingNoteForm } from '../ui/BookingNoteForm.tsx';
import { describeVerdict, notSavedView, type Tone, type VerdictView } from '../ui/describeVerdict.ts';
import { DirectionSwitch } from '../ui/DirectionSwitch.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useServices } from './servicesContext.ts';
import './search.css';

/** Searching waits for a pause in typing this long: a fast typist's every keystroke need not read the index. */
const TYPING_PAUSE_MS = 120;

function presenceView(presence: GuestPresence): { tone: Tone | 'none'; icon: string; words: string } {
  switch (presence.kind) {
    case 'in':
      return { tone: 'warn', icon: '!', words: `Already in at ${presence.at.slice(11, 16)}${presence.door ? `, ${presence.door}` : ''}` };
    case 'notIn':
      return { tone: 'none', icon: '○', words: 'Not in yet' };
    case 'cancelled':
      return { tone: 'bad', icon: '✕', words: 'Cancelled ticket: send the guest to the box office' };
    case 'unknown':
      return { tone: 'bad', icon: '?', words: 'Unknown to the ticket office: send the guest to the box office' };
  }
}

function GuestResult({
  ticket,
  direction,
  outcome,
  onScan,
  onNote,
}: {
  ticket: TicketRow;
  direction: ScanDirection;
  outcome: VerdictView | null;
  onScan: () => Promise<void>;
  onNote: (text: string) => Promise<string | null>;
}) {
  const presence = guestPresence(ticket);
  const view = presenceView(presence);
  const [busy, setBusy] = useState(false);
  const [writing, setWriting] = useState(false);
  const [noteSaved, setNoteSaved] = useState(false);
  const name = ticket.guestName ?? 'Name not known yet';
  const action = direction === 'out' ? 'Check out' : 'Check in';
  const canNote = purchaseIdOf(ticket.ticketId) !== null;
  return (
    <li className="guest-result" data-testid="guest-result" data-ticket={ticket.ticketId} data-presence={presence.kind}>
      <div className="guest-who">
        <span className={`guest-name${ticket.guestName ? '' : ' guest-unnamed'}`}>{name}</span>
        <span className="guest-ids">
          {ticket.reference && <span className="guest-reference">{ticket.reference}</span>}
          <span className="guest-ticket">{ticket.ticketId}</span>
        </span>
      </div>
      {/* After a tap its verdict says what happened; "Already in" just after "Admitted" would only confuse. */}
      {!outcome && (
        <p className={`guest-presence guest-tone-${view.tone}`} data-testid="guest-presence">
          <span aria-hidden="true">{view.icon}</span> {view.words}
        </p>
      )}
      {outcome && (
        <p className={`guest-verdict guest-tone-${outcome.tone}`} role="status" data-testid="guest-verdict">
          <span className="guest-verdict-icon" aria-hidden="true">
            {outcome.icon}
          </span>{' '}
          <strong>{outcome.title}</strong>
          {outcome.detail ? <span className="guest-verdict-detail"> {outcome.detail}</span> : null}
        </p>
      )}
      <div className="guest-actions">
        <button
          type="button"
          className={`guest-scan${direction === 'out' ? ' guest-scan-out' : ''}`}
          aria-label={`${action} ${name}`}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onScan().finally(() => setBusy(false));
          }}
        >
          {action}
        </button>
        {canNote && !writing && (
          <button type="button" onClick={() => setWriting(true)}>
            Add a note to the booking
          </button>
        )}
      </div>
      {writing && (
        <BookingNoteForm
          onCancel={() => setWriting(false)}
          onSave={async (text) => {
            const refusal = await onNote(text);
            if (!refusal) {
              setWriting(false);
              setNoteSaved(true);
            }
            return refusal;
          }}
        />
      )}
      {noteSaved && !writing && (
        <p className="guest-note-saved" role="status" data-testid="note-saved">
          <span aria-hidden="true">✓</span> Note saved. It goes to the box office after the scans (Activity shows it).
        </p>
      )}
    </li>
  );
}

function EmptyDevice() {
  return (
    <div className="notice search-empty" data-testid="search-empty-device">
      <p>
        <strong>This device does not know any guests yet.</strong>
      </p>
      <p>
        This device knows a guest once their ticket has been scanned here (the ticket office then sends their name), or once scans from another
        device have been imported (Activity, <em>Import scans from a file</em>).
      </p>
      <p>To let someone in now, go back to scanning and type the ticket number or booking reference printed on their ticket.</p>
    </div>
  );
}

export function SearchScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const services = useServices();
  const { db } = services;
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [direction, setDirection] = useState<ScanDirection>('in');
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, VerdictView>>(new Map());

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(typed), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const knowsGuests = useLiveQuery(async () => (await db.tickets.limit(1).primaryKeys()).length > 0, [db]);
  const found = useLiveQuery(async () => ({ query, ...(await searchGuests(db, query)) }), [db, query]);
  const current = found && found.query === query ? found : null;

  const scan = async (ticketId: string) => {
    const result = await services.scan(settings.config, { payload: ticketId, input: 'manual', direction });
    const view = result.ok ? describeVerdict(result.scan.verdict) : notSavedView(result.message);
    setOutcomes((previous) => new Map(previous).set(ticketId, view));
  };

  return (
    <ScreenFrame title="Find a guest" onBack={() => navigate('/')} className={`search-screen${direction === 'out' ? ' checking-out' : ''}`}>
      <div className="search-bar">
        <label htmlFor="guest-search">Name, booking reference or ticket number</label>
        <input
          id="guest-search"
          className="search-input"
          type="search"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          placeholder="e.g. jo sm, or DMN-7930"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="search"
          autoFocus
        />
        <DirectionSwitch direction={direction} onChange={setDirection} />
      </div>
      {direction === 'out' && <p className="out-hint">Checking guests OUT. Switch back to In when you are done.</p>}
      {knowsGuests === false ? (
        <EmptyDevice />
      ) : query.trim() === '' ? (
        <p className="search-hint">
          Type part of a name (&ldquo;jo sm&rdquo; finds John Smith), a booking reference with or without dashes, or a ticket number. This works offline, for the
          guests this device knows.
        </p>
      ) : current && current.tickets.length === 0 ? (
        <p className="search-hint" data-testid="search-none">
          No guest on this device matches &ldquo;{query.trim().slice(0, 60)}&rdquo;. Check the spelling or try the booking reference. This device knows a guest once their
          ticket has been scanned here or imported.
        </p>
      ) : null}
      {current && current.tickets.length > 0 && (
        <>
          <p className="search-count" data-testid="search-count">
            {current.more ? `The first ${MAX_GUEST_RESULTS} guests found: type more of the name to narrow it down.` : `${current.tickets.length} found`}
          </p>
          <ol className="guest-results" aria-label="Guests found">
            {current.tickets.map((ticket) => (
              <GuestResult
                key={ticket.ticketId}
                ticket={ticket}
                direction={direction}
                outcome={outcomes.get(ticket.ticketId) ?? null}
                onScan={() => scan(ticket.ticketId)}
                onNote={(text) => services.addBookingNote(ticket.ticketId, text)}
              />
            ))}
          </ol>
        </>
      )}
    </ScreenFrame>
  );
}
