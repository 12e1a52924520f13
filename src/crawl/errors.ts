// One error class for the crawl stage: a code, the URL it is about, and the cause. Callers match on
// `code`, never on the message.
// What the pipeline does with each code is policy, kept beside the codes:

/** Retried by the host scheduler after backoff (network faults, timeouts, RETRY_STATUSES). */
export type RetryableCode = "NETWORK" | "TIMEOUT" | "HTTP_RETRYABLE";
/** This URL is finished for the run; the run goes on. */
export type PermanentCode =
  | "HTTP_STATUS"
  | "TOO_LARGE"
  | "REDIRECT_LOOP"
  | "TOO_MANY_REDIRECTS"
  | "OFFSITE_REDIRECT"
  | "BAD_SCHEME"
  | "ROBOTS"
  | "BLOCKED"
  | "RETRY_AFTER_TOO_LONG"
  | "HOST_COOLDOWN"
  // A host outside the site's hosts, or one that resolves to a private address (docs/crawl.md, "Scope").
  | "OUT_OF_SCOPE"
  | "PRIVATE_ADDRESS"
  // A certificate that does not verify (expired, self-signed, wrong name, missing intermediate): retrying
  // gets the same certificate, and "the site was down" would be the wrong diagnosis.
  | "TLS"
  // A Content-Encoding we cannot undo (unknown coding, corrupt gzip): retrying gets the same bytes.
  | "BAD_CONTENT_ENCODING";
/** Stop the run; the frontier stays resumable. */
export type FatalCode = "STALLED" | "BAD_OPTIONS" | "BAD_REGISTRY" | "DB";
export type CrawlCode = RetryableCode | PermanentCode | FatalCode;

const RETRYABLE: ReadonlySet<CrawlCode> = new Set<CrawlCode>(["NETWORK", "TIMEOUT", "HTTP_RETRYABLE"]);
const FATAL: ReadonlySet<CrawlCode> = new Set<CrawlCode>(["STALLED", "BAD_OPTIONS", "BAD_REGISTRY", "DB"]);

export class CrawlError extends Error {
  override readonly name = "CrawlError";
  constructor(
    readonly code: CrawlCode,
    /** The URL (or file) the error is about. */
    readonly url: string,
    msg: string,
    opts?: ErrorOptions & { method?: string; status?: number },
  ) {
    super(`${code} [${opts?.method ?? "GET"}] "${url}": ${msg}`, opts);
    this.status = opts?.status;
  }
  readonly status: number | undefined;
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
  get fatal(): boolean {
    return FATAL.has(this.code);
  }
}

export function isCrawlError(e: unknown): e is CrawlError {
  return e instanceof CrawlError;
}
