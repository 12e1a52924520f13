// One HTTP exchange with undici, redirects followed by hand so that every hop is checked: http(s) only,
// the site's own hosts only, robots.txt, no loops, at most N hops. Bodies are read under a size cap and
// always consumed or destroyed (nodejs/undici#3895: an unread body pins the socket).
import type { Dispatcher } from "undici";
import { decodeContentEncoding } from "./_content-encoding.ts";
import { CrawlError } from "./errors.ts";
import { REDIRECT_STATUSES } from "./policy.ts";

export interface HttpRequest {
  url: string;
  method: "GET" | "POST";
  body?: string;
  headers: Record<string, string>;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** May a redirect go to this host? */
  allowHost: (host: string) => boolean;
  /** robots.txt check for redirect targets. */
  allowUrl: (url: string) => boolean;
  /** Why this URL's address may not be fetched (a literal private IP), checked before every hop. */
  refuseAddress?: (url: URL) => string | undefined;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  finalUrl: string;
  bytes: Buffer;
  redirects: string[];
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

export function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(k.toLowerCase() === "set-cookie" ? "\n" : ", ") : v;
  }
  return out;
}

/** OpenSSL certificate verification failures and Node's TLS errors. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_TLS|^ERR_SSL|HOSTNAME_MISMATCH/;

/** The first `code` on an error or its causes (undici sometimes wraps the socket's error). */
function errorCode(e: unknown): { code: string; msg: string } {
  const top = {
    code: String((e as { code?: unknown } | null)?.code ?? ""),
    msg: e instanceof Error ? e.message : String(e),
  };
  for (let cur = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && (code === "EPRIVATEADDR" || TLS_CODE.test(code)))
      return { code, msg: cur instanceof Error ? cur.message : String(cur) };
  }
  return top;
}

function toCrawlError(e: unknown, url: string, method: string, timedOut: boolean): CrawlError {
  if (e instanceof CrawlError) return e;
  const { code, msg } = errorCode(e);
  if (code === "EPRIVATEADDR") return new CrawlError("PRIVATE_ADDRESS", url, msg, { cause: e, method });
  if (TLS_CODE.test(code)) return new CrawlError("TLS", url, `${code}: ${msg}`, { cause: e, method });
  if (timedOut || TIMEOUT_CODES.has(code))
    return new CrawlError("TIMEOUT", url, `${code || "timeout"}: ${msg}`, { cause: e, method });
  return new CrawlError("NETWORK", url, `${code || "error"}: ${msg}`, { cause: e, method });
}

async function readCapped(
  body: Dispatcher.ResponseData["body"],
  max: number,
  url: string,
  method: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw new CrawlError("TOO_LARGE", url, `body exceeds ${max} bytes`, { method });
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Perform a request, following redirects under the rules above. Throws CrawlError. */
export async function fetchHttp(dispatcher: Dispatcher, req: HttpRequest): Promise<HttpResponse> {
  const timer = new AbortController();
  let timedOut = false;
  const t = setTimeout(() => {
    timedOut = true;
    timer.abort();
  }, req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
  const redirects: string[] = [];
  const visited = new Set<string>([req.url]);
  let url = req.url,
    method = req.method,
    body = req.body;
  try {
    for (;;) {
      const u = new URL(url);
      const refused = req.refuseAddress?.(u);
      if (refused) throw new CrawlError("PRIVATE_ADDRESS", url, refused, { method });
      let res: Dispatcher.ResponseData;
      try {
        res = await dispatcher.request({
          origin: u.origin,
          path: u.pathname + u.search,
          method,
          body,
          signal,
          headers:
            body !== undefined ? { ...req.headers, "content-type": "application/x-www-form-urlencoded" } : req.headers,
        });
      } catch (e) {
        throw toCrawlError(e, url, method, timedOut);
      }
      const headers = flattenHeaders(res.headers);
      if (REDIRECT_STATUSES.has(res.statusCode) && headers.location) {
        await res.body.dump().catch(() => undefined); // the body of a redirect is not worth keeping; errors here are moot
        const next = new URL(headers.location, url);
        if (next.protocol !== "http:" && next.protocol !== "https:")
          throw new CrawlError("BAD_SCHEME", url, `redirect to ${next.protocol} (${next.href})`, {
            method,
            status: res.statusCode,
          });
        if (!req.allowHost(next.host.toLowerCase()))
          throw new CrawlError("OFFSITE_REDIRECT", url, `redirect to another host: ${next.href}`, {
            method,
            status: res.statusCode,
          });
        next.hash = "";
        if (visited.has(next.href))
          throw new CrawlError("REDIRECT_LOOP", url, `redirect loop via ${next.href}`, {
            method,
            status: res.statusCode,
          });
        if (redirects.length >= req.maxRedirects)
          throw new CrawlError("TOO_MANY_REDIRECTS", url, `more than ${req.maxRedirects} redirects`, {
            method,
            status: res.statusCode,
          });
        if (!req.allowUrl(next.href))
          throw new CrawlError("ROBOTS", next.href, `redirect target disallowed by robots.txt (from ${url})`, {
            method,
          });
        visited.add(next.href);
        redirects.push(next.href);
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        url = next.href;
        continue;
      }
      const len = Number(headers["content-length"]);
      if (Number.isFinite(len) && len > req.maxBytes) {
        res.body.destroy();
        throw new CrawlError("TOO_LARGE", url, `Content-Length ${len} exceeds ${req.maxBytes} bytes`, {
          method,
          status: res.statusCode,
        });
      }
      let bytes: Buffer;
      try {
        if (res.statusCode === 304) {
          await res.body.dump();
          bytes = Buffer.alloc(0);
        } else {
          // The archive keeps the representation (what a browser saves), so the cap holds for decoded bytes.
          bytes = await readCapped(res.body, req.maxBytes, url, method);
          bytes = await decodeContentEncoding(bytes, headers["content-encoding"], req.maxBytes, url, method);
        }
      } catch (e) {
        throw toCrawlError(e, url, method, timedOut);
      }
      return { status: res.statusCode, headers, finalUrl: url, bytes, redirects };
    }
  } finally {
    clearTimeout(t);
  }
}
