// Imported first by every entry point (page, service worker): zod v4 probes `new Function('')` to compile fast parsers,
// which a CSP without 'unsafe-eval' (the gateway's) reports as a violation. Parsing without it is fast enough here.
import { config } from 'zod';

config({ jitless: true });
