// A local HTTP server on 127.0.0.1 (port 0) serving the fixture sites with real-world faults.
// Hostnames 127.0.0.1 and localhost reach the same server but count as different hosts.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "../fixtures/sites");
export const PINGTAN = join(import.meta.dirname, "../fixtures/corpus/pingtan/site");

export interface Served {
  method: string;
  host: string;
  path: string;
  at: number;
  status: number;
  ifNoneMatch?: string;
  body?: string;
}

export interface TestServer {
  port: number;
  origin: (host?: "127.0.0.1" | "localhost") => string;
  log: Served[];
  /** Highest number of concurrent requests seen per host. */
  maxConcurrent: Map<string, number>;
  /** robots.txt per hostname (undefined → 404). */
  robots: Map<string, string>;
  latencyMs: number;
  close: () => Promise<void>;
  hits: (path: string) => Served[];
}

const TYPES: Record<string, string> = {
  html: "text/html",
  htm: "text/html",
  pdf: "application/pdf",
  json: "application/json",
  xml: "text/xml",
  txt: "text/plain",
};
const REPORT = (title: string) =>
  `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>recovered</p></body></html>`;

function faultList(origin: string): string {
  const items = ["r429", "r500", "hang", "big.pdf", "loop-a", "away", "challenge", "jsl", "waf"].map(
    (n, i) =>
      `<li><a href="/faults/${n.includes(".") ? n : `${n}.html`}" title="故障${i}县${2010 + i}年度政府信息公开工作年度报告">故障${i}</a></li>`,
  );
  return `<html><head><meta charset="utf-8"></head><body><ul>${items.join("")}</ul><a href="${origin}/faults/">self</a></body></html>`;
}

export async function startServer(): Promise<TestServer> {
  const log: Served[] = [];
  const counts = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const maxConcurrent = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const state: Pick<TestServer, "robots" | "latencyMs"> = { robots: new Map(), latencyMs: 0 };
  let port = 0;

  function hit(key: string): number {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, entry: Served): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const host = url.hostname;
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
    if (state.latencyMs) await new Promise((r) => setTimeout(r, state.latencyMs));
    const p = url.pathname;
    if (p === "/robots.txt") {
      const r = state.robots.get(host);
      return r === undefined
        ? send(404, "not found")
        : r === "500"
          ? send(500, "oops")
          : send(200, r, { "content-type": "text/plain" });
    }
    if (p === "/faults/" || p === "/faults/index.html")
      return send(200, faultList(`http://${req.headers.host}`), { "content-type": "text/html; charset=utf-8" });
    if (p === "/faults/r429.html") {
      return hit(p) === 1
        ? send(429, "slow down", { "retry-after": "1" })
        : send(200, REPORT("r429"), { "content-type": "text/html" });
    }
    if (p === "/faults/r500.html")
      return hit(p) <= 2 ? send(500, "internal error") : send(200, REPORT("r500"), { "content-type": "text/html" });
    if (p === "/faults/hang.html") {
      entry.status = 200;
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<html><body>start of a body that never ends");
      hanging.add(res);
      return;
    }
    if (p === "/faults/big.pdf") {
      entry.status = 200;
      res.writeHead(200, { "content-type": "application/pdf" }); // chunked, no Content-Length: the cap must hold while streaming
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      chunk.write("%PDF-1.4\n");
      for (let i = 0; i < 8; i++) res.write(chunk);
      res.end();
      return;
    }
    if (p === "/faults/loop-a.html") return send(302, "", { location: "/faults/loop-b.html" });
    if (p === "/faults/loop-b.html") return send(302, "", { location: "/faults/loop-a.html" });
    if (p === "/faults/away.html") return send(302, "", { location: `http://localhost:${port}/faults/elsewhere.html` });
    if (p === "/faults/challenge.html")
      return send(412, readFileSync(join(FIXTURES, "faults/challenge-412.html")), {
        "content-type": "text/html",
        "set-cookie": "FSSBBIl1UgzbN7N80S=abc; path=/",
      });
    if (p === "/faults/jsl.html")
      return send(521, readFileSync(join(FIXTURES, "faults/jiasule-521.html")), { "content-type": "text/html" });
    if (p === "/faults/waf.html")
      return send(403, "<html><body>访问被拒绝</body></html>", { "content-type": "text/html; charset=utf-8" });
    if (p === "/module/web/jpage/dataproxy.jsp" && req.method === "POST") {
      return entry.body?.includes("columnid=123") && url.searchParams.get("startrecord") === "4"
        ? send(200, readFileSync(join(FIXTURES, "hanweb/dataproxy-4-5.xml")), {
            "content-type": "text/xml; charset=utf-8",
          })
        : send(200, "<datastore><totalrecord>5</totalrecord><recordset></recordset></datastore>", {
            "content-type": "text/xml",
          });
    }
    if (p === "/json/api") {
      const f = join(FIXTURES, `json/api-page-${url.searchParams.get("page")}.json`);
      return send(200, existsSync(f) ? readFileSync(f) : '{"total":3,"articles":[]}', {
        "content-type": "application/json",
      });
    }
    // Hanweb and gkmlpt sites link with absolute paths; their fixtures live under /hanweb and /json.
    const rooted = p.startsWith("/art/") ? `/hanweb${p}` : p.startsWith("/gkmlpt/") ? `/json${p}` : p;
    // The Pingtan site is the shared corpus's copy, served as is rather than duplicated here.
    const base = rooted.startsWith("/pingtan/") ? PINGTAN : FIXTURES;
    let file = join(
      base,
      decodeURIComponent(rooted.startsWith("/pingtan/") ? rooted.slice("/pingtan".length) : rooted),
    );
    if (p.endsWith("/")) file = join(file, "index.html");
    if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile())
      return send(404, "<html><body>404 Not Found</body></html>", { "content-type": "text/html" });
    const bytes = readFileSync(file);
    const etag = `"${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) return send(304, "", { etag });
    const ext = /\.(\w+)$/.exec(file)?.[1] ?? "html";
    const ct = p.startsWith("/hanweb/") ? "text/html; charset=utf-8" : (TYPES[ext] ?? "application/octet-stream");
    return send(200, bytes, { "content-type": ct, etag, "last-modified": "Mon, 01 Jan 2024 00:00:00 GMT" });
  }

  const server = createServer((req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const entry: Served = { method: req.method ?? "GET", host, path: req.url ?? "/", at: Date.now(), status: 0 };
    if (typeof req.headers["if-none-match"] === "string") entry.ifNoneMatch = req.headers["if-none-match"];
    log.push(entry);
    const n = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, n);
    maxConcurrent.set(host, Math.max(maxConcurrent.get(host) ?? 0, n));
    res.on("close", () => inFlight.set(host, (inFlight.get(host) ?? 1) - 1));
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (chunks.length) entry.body = Buffer.concat(chunks).toString();
      handle(req, res, entry).catch((e) => {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  const t: TestServer = {
    port,
    log,
    maxConcurrent,
    get robots() {
      return state.robots;
    },
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(v: number) {
      state.latencyMs = v;
    },
    origin: (host = "127.0.0.1") => `http://${host}:${port}`,
    hits: (path: string) => log.filter((l) => l.path === path),
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return t;
}
