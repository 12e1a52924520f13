// A tiny programmable server on 127.0.0.1 (port 0) for the scope and address tests: each test gives its
// own routes and reads the log of what was asked, by which Host header.
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
export type Route = (path: string, req: IncomingMessage) => Answer | undefined;

export interface MiniServer {
  port: number;
  origin: (host?: string) => string;
  log: { host: string; method: string; path: string }[];
  close: () => Promise<void>;
}

export async function miniServer(
  route: Route,
  tls?: { key: string | Buffer; cert: string | Buffer },
): Promise<MiniServer> {
  const log: MiniServer["log"] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    log.push({ host: req.headers.host ?? "", method: req.method ?? "GET", path });
    const a = route(path, req) ?? { status: 404, body: "<html><body>404 Not Found</body></html>" };
    res.writeHead(a.status ?? 200, { "content-type": "text/html; charset=utf-8", ...a.headers });
    res.end(a.body ?? "");
  };
  const server = tls ? createHttps(tls, handler) : createHttp(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    log,
    origin: (host = "127.0.0.1") => `${tls ? "https" : "http"}://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export const page = (body: string): Answer => ({
  body: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`,
});
export const REPORT_TEXT =
  "梁山县2023年度政府信息公开工作年度报告。一、总体情况。二、主动公开政府信息情况。三、收到和处理政府信息公开申请情况。";
