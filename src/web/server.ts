// `gongkai serve`: the read-only web view over node:http. The dataset is opened read-only, so the
// view can run beside a nightly `gongkai run` (WAL readers never block the writer). Every response
// records its server time (Server-Timing), which the benchmark reads.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../load/database.ts";
import { serverLinker } from "./links.ts";
import { respond } from "./routes.ts";

export interface ServeOptions {
  db: string;
  /** @default "127.0.0.1" */
  host?: string;
  /** 0 picks a free port. @default 8080 */
  port?: number;
  /** Raw archive directory, for documents whose archive path is not where it was. */
  raw?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { host = "127.0.0.1", port = 8080 } = opts;
  const db = openDatabase(opts.db, { readonly: true });
  let origin = "";
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const t0 = process.hrtime.bigint();
    const ctx = { db, link: serverLinker(origin), ...(opts.raw ? { rawDir: opts.raw } : {}) };
    respond(ctx, req.url ?? "/")
      .then((r) => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        res.writeHead(r.status, {
          "content-type": r.type,
          "server-timing": `render;dur=${ms.toFixed(2)}`,
          "x-content-type-options": "nosniff",
          ...r.headers,
        });
        res.end(req.method === "HEAD" ? undefined : r.body);
      })
      .catch((err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`gongkai serve: ${err instanceof Error ? err.message : String(err)}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  origin = `http://${addr.family === "IPv6" ? `[${addr.address}]` : addr.address}:${addr.port}`;
  return {
    server,
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
