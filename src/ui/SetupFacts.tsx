// What a setup sets (device, event, servers), as a list of facts: never a credential (see settings/setupQr.ts summariseSetup).
import { Fragment } from 'react';
import type { SetupFact } from '../settings/setupQr.ts';

export function SetupFacts({ facts }: { facts: SetupFact[] }) {
  return (
    <dl className="facts" data-testid="setup-facts">
      {facts.map((fact) => (
        <Fragment key={fact.label}>
          <dt>{fact.label}</dt>
          <dd data-changed={fact.previous !== undefined}>
            {fact.previous !== undefined ? <strong>{fact.value}</strong> : fact.value}
            {fact.previous !== undefined && <span className="fact-was"> (now: {fact.previous})</span>}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
