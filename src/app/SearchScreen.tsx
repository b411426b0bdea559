// Find a guest: the tickets this device knows and its guest list, by name, reference or ticket number, offline; check in
// or out and note the booking.
import { useEffect, useState } from 'react';
import { foundPresence, MAX_GUEST_RESULTS, type FoundGuest, type FoundPresence } from '../door/searchGuests.ts';
import { toVenueTime } from '../api/venueTime.ts';
import type { ScanDirection, SettingsRow } from '../engine/viewTypes.ts';
import { preferencesOf } from '../settings/preferences.ts';
import { purchaseIdOf } from '../sync/bookingNotes.ts';
import { BookingNoteForm } from '../ui/BookingNoteForm.tsx';
import { dateWords, describeVerdict, notSavedView, type Tone, type VerdictView } from '../ui/describeVerdict.ts';
import { DirectionSwitch } from '../ui/DirectionSwitch.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { useMinuteClock } from './useMinuteClock.ts';
import './search.css';

/** Searching waits for a pause in typing this long: a fast typist's every keystroke need not read the index. */
const TYPING_PAUSE_MS = 120;

function presenceView(presence: FoundPresence, doorDate: string): { tone: Tone | 'none'; icon: string; words: string } {
  switch (presence.kind) {
    case 'inOnList':
      return { tone: 'warn', icon: '!', words: 'Already in (the guest list says so)' };
    case 'refunded':
      return { tone: 'bad', icon: '✕', words: 'Refunded ticket: do not admit' };
    case 'otherDate':
      return { tone: 'bad', icon: '✕', words: `Ticket for ${dateWords(presence.date, doorDate)}` };
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
  guest,
  doorDate,
  direction,
  outcome,
  onScan,
  onNote,
}: {
  guest: FoundGuest;
  doorDate: string;
  direction: ScanDirection;
  outcome: VerdictView | null;
  onScan: (payload: string) => Promise<void>;
  onNote: (ticketId: string, text: string) => Promise<string | null>;
}) {
  const presence = foundPresence(guest, doorDate);
  const view = presenceView(presence, doorDate);
  const [busy, setBusy] = useState(false);
  const [writing, setWriting] = useState(false);
  const [noteSaved, setNoteSaved] = useState(false);
  const name = guest.name ?? 'Name not known yet';
  const action = direction === 'out' ? 'Check out' : 'Check in';
  const { payload } = guest;
  const noteTicket = payload !== null && purchaseIdOf(payload) !== null ? payload : null;
  const shownId = guest.ticket?.ticketId ?? guest.entry?.code ?? null;
  return (
    <li className="guest-result" data-testid="guest-result" data-ticket={guest.ticket?.ticketId ?? payload ?? ''} data-presence={presence.kind} data-listed={guest.entry ? 'yes' : 'no'}>
      <div className="guest-who">
        <span className={`guest-name${guest.name ? '' : ' guest-unnamed'}`}>{name}</span>
        <span className="guest-ids">
          {guest.ticketType && <span className="guest-type">{guest.ticketType}</span>}
          {guest.reference && <span className="guest-reference">{guest.reference}</span>}
          {shownId && <span className="guest-ticket">{shownId}</span>}
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
          {outcome.checkId ? <span className="guest-check-id"> {outcome.checkId}</span> : null}
        </p>
      )}
      <div className="guest-actions">
        <button
          type="button"
          className={`guest-scan${direction === 'out' ? ' guest-scan-out' : ''}`}
          aria-label={`${action} ${name}`}
          disabled={busy || payload === null}
          onClick={() => {
            if (payload === null) return;
            setBusy(true);
            void onScan(payload).finally(() => setBusy(false));
          }}
        >
          {action}
        </button>
        {noteTicket && !writing && (
          <button type="button" onClick={() => setWriting(true)}>
            Add a note to the booking
          </button>
        )}
      </div>
      {writing && (
        <BookingNoteForm
          onCancel={() => setWriting(false)}
          onSave={async (text) => {
            const refusal = noteTicket ? await onNote(noteTicket, text) : 'This guest has no booking this door can write to.';
            if (!refusal) {
              setWriting(false);
              setNoteSaved(true);
            }
            return refusal;
          }}
        />
      )}
      {payload === null && (
        <p className="guest-no-code" data-testid="guest-no-code">
          No ticket code or reference on the guest list for this guest: scan their ticket.
        </p>
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
        <strong>This device does not know any guests yet.</strong> It has no guest list either.
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
  const engine = useEngine();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [direction, setDirection] = useState<ScanDirection>('in');
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, VerdictView>>(new Map());

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(typed), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const knowsGuests = useLive(() => engine.live.knowsGuests(), [engine]);
  const found = useLive(() => engine.live.searchGuests(query), [engine, query]);
  const current = found && found.query === query ? found : null;
  const now = useMinuteClock();
  const doorDate = preferencesOf(settings).occurrenceDate ?? toVenueTime(new Date(now), settings.config.venueTimeZone).slice(0, 10);

  const scan = async (guestId: string, payload: string) => {
    const result = await engine.scan(settings.config, { payload, input: 'manual', direction });
    const view = result.ok ? describeVerdict(result.scan.verdict) : notSavedView(result.message);
    setOutcomes((previous) => new Map(previous).set(guestId, view));
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
          Type part of a name (&ldquo;jo sm&rdquo; finds John Smith), a booking reference with or without dashes, or a ticket number. This works offline, over
          the guest list and the guests this device knows.
        </p>
      ) : current && current.guests.length === 0 ? (
        <p className="search-hint" data-testid="search-none">
          No guest on this device matches &ldquo;{query.trim().slice(0, 60)}&rdquo; (its guest list and the tickets it knows). Check the spelling or try the booking
          reference.
        </p>
      ) : null}
      {current && current.guests.length > 0 && (
        <>
          <p className="search-count" data-testid="search-count">
            {current.more ? `The first ${MAX_GUEST_RESULTS} guests found: type more of the name to narrow it down.` : `${current.guests.length} found`}
          </p>
          <ol className="guest-results" aria-label="Guests found">
            {current.guests.map((guest) => (
              <GuestResult
                key={guest.id}
                guest={guest}
                doorDate={doorDate}
                direction={direction}
                outcome={outcomes.get(guest.id) ?? null}
                onScan={(payload) => scan(guest.id, payload)}
                onNote={(ticketId, text) => engine.addBookingNote(ticketId, text)}
              />
            ))}
          </ol>
        </>
      )}
    </ScreenFrame>
  );
}
