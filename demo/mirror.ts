// A local mirror of government sites for the demo and the run tests: each site is a folder of
// stored bytes served on its own 127.0.0.1 port (so each is its own host to the crawler's politeness
// rules). Content-Type comes from the bytes, as a plain static server would guess it.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, normalize, sep } from "node:path";

export interface MirrorSite {
  id: string;
  dir: string;
}
export interface RunningMirror {
  origins: Record<string, string>;
  close(): Promise<void>;
}

function contentType(bytes: Buffer): string {
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  const head = bytes.subarray(0, 512).toString("latin1").trimStart();
  if (head.startsWith("<")) return "text/html";
  if (head.startsWith("User-agent") || head.startsWith("user-agent")) return "text/plain";
  return "text/plain; charset=utf-8";
}

/** Serve one folder; `index.html` for paths ending in `/`; 404 for anything outside it. */
export function serveFolder(dir: string): Server {
  const root = normalize(dir + sep);
  return createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, "index.html");
        const bytes = await readFile(file);
        // Validators, so that a nightly run's conditional requests cost a 304 (RFC 9110 §13: If-None-Match, If-Modified-Since).
        const etag = `"${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}"`;
        if (req.headers["if-none-match"] === etag) {
          res.writeHead(304, { etag }).end();
          return;
        }
        res.writeHead(200, { "content-type": contentType(bytes), "content-length": bytes.length, etag });
        res.end(req.method === "HEAD" ? undefined : bytes);
      } catch {
        // Missing files are ordinary 404s, as on the real sites (dead links in list pages).
        res
          .writeHead(404, { "content-type": "text/html; charset=utf-8" })
          .end("<html><body>404 页面不存在</body></html>");
      }
    })();
  });
}

export async function startMirror(sites: readonly MirrorSite[]): Promise<RunningMirror> {
  const servers: Server[] = [];
  const origins: Record<string, string> = {};
  for (const s of sites) {
    const server = serveFolder(s.dir);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const addr = server.address();
    if (!addr || typeof addr === "string") throw new Error(`mirror for ${s.id} has no port`);
    origins[s.id] = `http://127.0.0.1:${addr.port}`;
    servers.push(server);
  }
  return {
    origins,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => r());
            }),
        ),
      );
    },
  };
}

/** The demo's sites file with `{{origin:<id>}}` placeholders replaced by the mirror's addresses. */
export function renderSites(template: string, origins: Record<string, string>): string {
  return template.replace(/\{\{origin:([a-z0-9-]+)\}\}/g, (_m, id: string) => {
    const o = origins[id];
    if (!o) throw new Error(`sites template names unknown mirror '${id}'`);
    return o;
  });
}
