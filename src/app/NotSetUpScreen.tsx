// Shown on / until the device has been given a setup link.
export function NotSetUpScreen() {
  return (
    <main className="page">
      <h1>Doorlist</h1>
      <div className="notice" data-testid="not-set-up">
        <p>This device is not set up yet.</p>
        <p>Open the setup link your organiser sent you (it contains /setup#config=), or scan their setup QR code with the phone's camera app.</p>
      </div>
    </main>
  );
}
