// One platform's fixture site (test/fixtures/sites/cms/<platform>/) on 127.0.0.1, port 0: static files as
// the platform's web server would serve them, plus the platform's dynamic endpoints (Hanweb's dataproxy.jsp
// and download servlet, gkmlpt's JSON API, VSB's download servlet) answering as the real ones do.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export const CMS_FIXTURES = join(import.meta.dirname, "../fixtures/sites/cms");

export interface CmsServer {
  origin: string;
  log: { method: string; path: string; at: number; status: number; body?: string }[];
  maxConcurrent: number;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  shtml: "text/html; charset=utf-8",
  pdf: "application/pdf",
  json: "application/json;charset=UTF-8",
  xml: "text/xml;charset=UTF-8",
  txt: "text/plain",
};

export async function startCmsServer(platform: string): Promise<CmsServer> {
  const root = join(CMS_FIXTURES, platform);
  const log: CmsServer["log"] = [];
  let inFlight = 0;
  const state = { maxConcurrent: 0, origin: "" };

  const file = (rel: string) => {
    const f = join(root, rel);
    return f.startsWith(root) && existsSync(f) && statSync(f).isFile() ? f : undefined;
  };

  function answer(req: IncomingMessage, body: string): { status: number; type: string; bytes: Buffer | string } {
    const u = new URL(req.url ?? "/", state.origin);
    const p = decodeURIComponent(u.pathname);
    const notFound = { status: 404, type: TYPES.html!, bytes: "<html><body><h1>404 Not Found</h1></body></html>" };
    if (platform === "hanweb" && /\/module\/(web\/)?jpage\/dataproxy\.jsp$/.test(p)) {
      if (req.method !== "POST") return { status: 405, type: TYPES.html!, bytes: "POST only" };
      const f = file(
        `module/jpage/dataproxy-${u.searchParams.get("startrecord")}-${u.searchParams.get("endrecord")}.xml`,
      );
      // dataproxy.jsp answers an empty recordset to a request without the column's parameters.
      return new URLSearchParams(body).get("columnid") === "1229438" && f
        ? { status: 200, type: TYPES.xml!, bytes: readFileSync(f) }
        : {
            status: 200,
            type: TYPES.xml!,
            bytes: "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>",
          };
    }
    if (platform === "hanweb" && p === "/module/download/downfile.jsp")
      return { status: 200, type: "application/octet-stream", bytes: readFileSync(file("module/download-file.pdf")!) };
    if (platform === "vsb" && p === "/system/_content/download.jsp")
      return {
        status: 200,
        type: "application/octet-stream",
        bytes: readFileSync(file("system/_content/download.pdf")!),
      };
    const api = /^\/gkmlpt\/api\/all\/(\d+)$/.exec(p);
    if (platform === "gkmlpt" && api) {
      const f = file(`gkmlpt/api/all/${api[1]}/page-${u.searchParams.get("page")}.json`);
      // A page past the end (or a wrong sid) is a 404, as on the real API.
      if (u.searchParams.get("sid") !== "755099" || !f)
        return { ...notFound, type: TYPES.json!, bytes: '{"code":404}' };
      return { status: 200, type: TYPES.json!, bytes: readFileSync(f, "utf8").replaceAll("http://HOST", state.origin) };
    }
    const f = file(p.endsWith("/") ? `${p}index.html` : p);
    if (!f) return notFound;
    const ext = /\.(\w+)$/.exec(f)?.[1] ?? "html"; // gkmlpt's shell `/gkmlpt/index` has no extension
    return { status: 200, type: TYPES[ext] ?? "application/octet-stream", bytes: readFileSync(f) };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: CmsServer["log"][number] = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      at: Date.now(),
      status: 0,
    };
    log.push(entry);
    inFlight++;
    state.maxConcurrent = Math.max(state.maxConcurrent, inFlight);
    res.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      if (body) entry.body = body;
      const a = answer(req, body);
      entry.status = a.status;
      res.writeHead(a.status, { "content-type": a.type });
      res.end(a.bytes);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin: state.origin,
    log,
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
