// A raw-socket HTTP/1.1 server on 127.0.0.1 (port 0) whose answers misbehave on purpose: resets
// mid-body, drip-fed headers and bodies, gzip bombs, a Content-Length that lies, bytes in the wrong charset.
// node:http would repair the framing for us (it refuses a body longer than Content-Length), hence node:net.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface FaultReply {
  /** @default 200 */
  status?: number;
  headers?: Record<string, string>;
  body: Buffer;
  /**
   * Framing: a number is the Content-Length to declare (may lie); "chunked"; "close" (no length, the end
   * of the body is the end of the connection). @default body.length
   */
  length?: number | "chunked" | "close";
  /** Drop the connection as soon as the request arrives, before a byte of the answer. */
  dropBeforeHead?: boolean;
  /** Stop after this many body bytes and drop the connection. */
  cutAt?: number;
  /** Drop with a TCP RST (socket.resetAndDestroy) rather than a FIN. @default true */
  rst?: boolean;
  /** Send the body this many bytes at a time, `dripMs` apart. */
  dripMs?: number;
  dripBytes?: number;
  /** Send the header block itself one byte every `headerDripMs` ms (a slowloris server). */
  headerDripMs?: number;
  /** Close the connection after the answer. @default false (keep-alive) */
  close?: boolean;
}

/** Answer for the n-th request (1-based) to a path. */
export type Route = (hit: number) => FaultReply;

export interface FaultServer {
  port: number;
  origin: string;
  routes: Map<string, Route>;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Arrival time (ms epoch) of each request per path. */
  times: Map<string, number[]>;
  /** Sockets still open (the crawler must not leak them). */
  openSockets: () => number;
  close: () => Promise<void>;
}

const REASONS: Record<number, string> = { 200: "OK", 302: "Found", 404: "Not Found", 500: "Internal Server Error" };

function head(r: FaultReply): Buffer {
  const status = r.status ?? 200;
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? "Status"}`];
  const length = r.length ?? r.body.length;
  if (typeof length === "number") lines.push(`Content-Length: ${length}`);
  else if (length === "chunked") lines.push("Transfer-Encoding: chunked");
  for (const [k, v] of Object.entries(r.headers ?? {})) lines.push(`${k}: ${v}`);
  if (r.close || length === "close") lines.push("Connection: close");
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
}

/** The body as it goes on the wire, cut short if asked. */
function wireBody(r: FaultReply): { bytes: Buffer; cut: boolean } {
  const chunked = r.length === "chunked";
  let bytes = chunked
    ? Buffer.concat([Buffer.from(`${r.body.length.toString(16)}\r\n`), r.body, Buffer.from("\r\n0\r\n\r\n")])
    : r.body;
  const cut = r.cutAt !== undefined && r.cutAt < bytes.length;
  if (cut) bytes = bytes.subarray(0, r.cutAt);
  return { bytes, cut };
}

export async function startFaultServer(): Promise<FaultServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const times = new Map<string, number[]>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  /** Write `bytes` in pieces `size` long, `ms` apart; resolves false if the client went away first. */
  function drip(sock: Socket, bytes: Buffer, size: number, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let at = 0;
      const tick = () => {
        timers.delete(t);
        if (sock.destroyed) return resolve(false);
        sock.write(bytes.subarray(at, at + size));
        at += size;
        if (at >= bytes.length) return resolve(true);
        t = setTimeout(tick, ms);
        timers.add(t);
      };
      let t = setTimeout(tick, 0);
      timers.add(t);
    });
  }

  async function answer(sock: Socket, r: FaultReply): Promise<void> {
    if (r.dropBeforeHead) {
      if (r.rst === false) sock.destroy();
      else sock.resetAndDestroy();
      return;
    }
    const h = head(r);
    if (r.headerDripMs) {
      if (!(await drip(sock, h, 1, r.headerDripMs))) return;
    } else sock.write(h);
    const { bytes, cut } = wireBody(r);
    if (r.dripMs) {
      if (!(await drip(sock, bytes, r.dripBytes ?? 1, r.dripMs))) return;
    } else if (bytes.length) sock.write(bytes);
    if (cut) {
      // Let the partial body reach the client before the connection drops.
      await new Promise<void>((res) => sock.write("", () => res()));
      if (r.rst === false) sock.destroy();
      else sock.resetAndDestroy();
    } else if (r.close || r.length === "close") sock.end();
  }

  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => undefined); // the crawler hanging up mid-answer is the point of these tests
    let buf = Buffer.alloc(0);
    let busy = false;
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0 || sock.destroyed) return;
          const reqHead = buf.subarray(0, end).toString("latin1");
          buf = buf.subarray(end + 4); // GET only: no request bodies
          const path = (reqHead.split(" ")[1] ?? "/").split("?")[0]!;
          const n = (hits.get(path) ?? 0) + 1;
          hits.set(path, n);
          times.set(path, [...(times.get(path) ?? []), Date.now()]);
          const route = routes.get(path);
          await answer(
            sock,
            route ? route(n) : { status: 404, body: Buffer.from("<html><body>404 Not Found</body></html>") },
          );
        }
      } finally {
        busy = false;
      }
    };
    sock.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      void pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    routes,
    hits,
    times,
    openSockets: () => sockets.size,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
