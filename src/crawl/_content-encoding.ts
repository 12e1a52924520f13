// Content-Encoding, undone under the size cap. undici's request() hands back the body as sent; we never
// ask for compression, but some servers gzip anyway, and a report page archived as gzip would be sniffed
// as binary and filed as an attachment. A few KB of gzip can inflate to gigabytes (a gzip bomb), so the
// cap applies to the decoded size: zlib stops at `maxOutputLength`, and the decoder runs off the main thread.
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from "node:zlib";
import { CrawlError } from "./errors.ts";

type Decoder = (buf: Buffer, opts: ZlibOptions) => Promise<Buffer>;
const gz: Decoder = promisify(gunzip),
  zl: Decoder = promisify(inflate),
  raw: Decoder = promisify(inflateRaw);
const br = promisify(brotliDecompress) as Decoder;

/** RFC 9110 §8.4.1 codings (x-gzip is gzip, RFC 9110 §8.4.1.3). `deflate` is meant to be zlib-wrapped,
 * but old IIS servers send raw deflate; browsers accept both, so we look at the zlib header. */
const DECODERS: Record<string, Decoder> = {
  gzip: gz,
  "x-gzip": gz,
  br,
  deflate: (b, o) =>
    b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0 ? zl(b, o) : raw(b, o),
};

/**
 * The body with every listed coding undone (last applied, first undone). Throws TOO_LARGE when the
 * decoded body would exceed `maxBytes`, BAD_CONTENT_ENCODING for an unknown coding or corrupt data.
 */
export async function decodeContentEncoding(
  bytes: Buffer,
  header: string | undefined,
  maxBytes: number,
  url: string,
  method: string,
): Promise<Buffer> {
  const codings = (header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== "identity");
  let out = bytes;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) throw new CrawlError("BAD_CONTENT_ENCODING", url, `unknown Content-Encoding ${coding}`, { method });
    if (out.length === 0) continue; // an empty body under a coding header (HEAD-like answers, some 204s)
    try {
      out = await decode(out, { maxOutputLength: maxBytes });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ERR_BUFFER_TOO_LARGE")
        throw new CrawlError("TOO_LARGE", url, `${coding} body inflates past ${maxBytes} bytes`, { cause: e, method });
      throw new CrawlError(
        "BAD_CONTENT_ENCODING",
        url,
        `${coding} body does not decode: ${code ?? ""} ${e instanceof Error ? e.message : String(e)}`,
        { cause: e, method },
      );
    }
  }
  return out;
}
