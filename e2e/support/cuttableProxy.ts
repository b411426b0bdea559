// A TCP proxy between the browser and the demo server that the test can cut and restore: the venue's uplink dying while
// the Wi-Fi stays up. The browser never goes "offline" (unlike context.setOffline): its requests just fail to connect.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
  /** `http://127.0.0.1:<port>`: open the app and point its APIs here so every request goes through the proxy. */
  readonly origin: string;
  /** Drops every open connection and refuses new ones (connection refused), as a dead uplink behind live Wi-Fi does. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number, host = '127.0.0.1'): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const newServer = () =>
    createServer((client) => {
      const upstream = connect(targetPort, host);
      track(client);
      track(upstream);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  let server: Server | null = newServer();
  const port = await listen(server, 0);
  const stop = async () => {
    const closing = server;
    server = null;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    origin: `http://${host}:${port}`,
    cut: stop,
    async restore() {
      if (server) return;
      server = newServer();
      await listen(server, port);
    },
    close: stop,
  };
}
