import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SiteSchema, type CrawlOptions, type Site } from "../../src/crawl/index.ts";

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), "gongkai-crawl-"));
}

export function site(id: string, start: string | string[], extra: Record<string, unknown> = {}): Site {
  // The fixture servers listen on 127.0.0.1: the entry must allow private addresses, as a mirror's does.
  return SiteSchema.parse({
    id,
    name: id,
    start,
    verified: "fixture",
    delayMs: 0,
    allowPrivateAddresses: true,
    ...extra,
  });
}

/** Tiny delays and timeouts so the whole crawl suite stays well under 60 s. */
export function fastOptions(dir: string, extra: CrawlOptions = {}): CrawlOptions {
  return {
    db: join(dir, "crawl.db"),
    raw: join(dir, "raw"),
    delayMs: 0,
    jitterMs: 0,
    adaptiveFactor: 0,
    retryBaseMs: 20,
    retryCapMs: 200,
    bodyTimeoutMs: 400,
    headersTimeoutMs: 1000,
    pageTimeoutMs: 3000,
    documentTimeoutMs: 3000,
    maxRetries: 2,
    ...extra,
  };
}
