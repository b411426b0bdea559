// "Install Doorlist on this device": shown where the browser offers installation, so the app opens full screen from the home screen.
export function InstallPrompt({ onInstall, onDismiss }: { onInstall: () => void; onDismiss: () => void }) {
  return (
    <aside className="install-prompt" aria-label="Install the app" data-testid="install-prompt">
      <p>
        <strong>Install Doorlist on this device.</strong> It then opens from the home screen, full screen, and works without a network.
      </p>
      <div className="install-buttons">
        <button type="button" className="big-button" onClick={onInstall}>
          Install
        </button>
        <button type="button" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </aside>
  );
}
