// The frame of every screen but Scan: its title, the way back to scanning, and its content.
import type { ReactNode } from 'react';

export function ScreenFrame({ title, onBack, className, children }: { title: string; onBack: () => void; className?: string; children: ReactNode }) {
  return (
    <main className={`page${className ? ` ${className}` : ''}`}>
      <div className="screen-head">
        <h1>{title}</h1>
        <button type="button" className="big-button" onClick={onBack}>
          Back to scanning
        </button>
      </div>
      {children}
    </main>
  );
}
