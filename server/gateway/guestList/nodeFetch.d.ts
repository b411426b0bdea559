// The gateway uses the app's DesignMyNight client (src/guestlist/dmnGuestsClient.ts), whose HTTP layer
// (src/api/httpRequest.ts) sets `cache: 'no-store'`. Node's fetch accepts it; @types/node's RequestInit does not name it.
export {};

declare global {
  interface RequestInit {
    cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
  }
}
