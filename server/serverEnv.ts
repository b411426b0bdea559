// The Hono environment of the demo server: Node's raw request/response, plus per-request flags.
import type { HttpBindings } from '@hono/node-server';

export type ServerEnv = {
  Bindings: HttpBindings;
  Variables: {
    /** Set when a fault destroyed the socket, so the request log records "no reply" instead of a status. */
    connectionDropped: boolean;
  };
};
