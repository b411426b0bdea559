// Is this scanned text a Doorlist setup code (a setup link, or bare setup JSON)? A cheap shape test with no parsing, for the scan path.

/** `http(s)://<host>/…/setup#…config=…`: what "Show setup QR" encodes and what the organiser's links are. */
const SETUP_LINK = /^https?:\/\/[^\s#]*\/setup#(?:[^#]*&)?config=/i;
/** A setup document put in a QR by hand: a JSON object naming the Tonic side of the setup. */
const TONIC_KEY = /"tonic"\s*:/;

/** Linear in the text's length (no backtracking pattern): it runs on every scan at the door. */
export const looksLikeSetupCode = (text: string): boolean =>
  SETUP_LINK.test(text) || (text.startsWith('{') && text.endsWith('}') && TONIC_KEY.test(text));
