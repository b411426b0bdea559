// The scan screen's notice when the guest list does not match the tickets: the door then admits unknown codes, and says why.
export function MappingNotice({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <p className="notice notice-warn mapping-notice" role="status" data-testid="mapping-notice">
      {notice}
    </p>
  );
}
