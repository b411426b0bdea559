// Shown instead of the app when this browser gives it no working storage: scans could not be kept, so none are taken.
export function StorageProblemScreen({ detail }: { detail: string }) {
  return (
    <main className="page">
      <h1>Doorlist cannot store scans here</h1>
      <div className="notice notice-bad" role="alert" data-testid="storage-problem">
        <p>Scanning is blocked: this browser gives Doorlist no storage, so a scan could be lost. Do not admit anyone with this device.</p>
        <p>Leave private browsing, allow site data for this site, or use another device. ({detail})</p>
      </div>
    </main>
  );
}
