// The backlog draining: a bar and "1,200 of 10,000 sent · about 4 s left". Drawn only for a real backlog (see backlogProgress).
import { backlogText, type BacklogView } from '../reports/backlogProgress.ts';

export function BacklogBar({ view }: { view: BacklogView }) {
  const text = backlogText(view);
  return (
    <div className="backlog" data-testid="backlog-progress" data-sent={view.sent} data-total={view.total}>
      <span className="backlog-label" id="backlog-label">
        Sending the backlog: {text}
      </span>
      <progress max={view.total} value={view.sent} aria-labelledby="backlog-label" />
    </div>
  );
}
