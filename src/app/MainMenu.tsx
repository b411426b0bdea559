// The menu behind the scan screen's Menu button: every screen, each with one line saying what it is for.
import { useEffect, useRef } from 'react';
import { SCREENS, type ScreenPath } from './routes.ts';

export function MainMenu({ current, onGo, onClose }: { current: ScreenPath; onGo: (path: ScreenPath) => void; onClose: () => void }) {
  const first = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    first.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="menu-backdrop" onClick={onClose}>
      <nav className="main-menu" aria-label="Screens" onClick={(event) => event.stopPropagation()}>
        <div className="menu-head">
          <h2>Menu</h2>
          <button type="button" ref={first} onClick={onClose}>
            Close
          </button>
        </div>
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.path}>
              <button type="button" className="menu-item" aria-current={screen.path === current ? 'page' : undefined} onClick={() => onGo(screen.path)}>
                <span className="menu-label">{screen.label}</span>
                <span className="menu-hint">{screen.hint}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
