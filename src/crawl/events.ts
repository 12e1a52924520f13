// Events the crawler emits while it runs; the CLI turns them into a progress bar or JSON lines.

export type HostStatus = "idle" | "fetching" | "waiting" | "backoff" | "cooldown";

export type CrawlEvent =
  | { type: "run"; runId: number; resumed: boolean; sites: string[]; pending: number }
  | {
      type: "fetch";
      runId: number;
      site: string;
      url: string;
      kind: string;
      status: number | null;
      cls: string;
      change: string | null;
      ms: number;
      bytes: number;
      /** Rows this answer added to the frontier. */
      queued?: number;
    }
  /** A URL not fetched. `count`: pending rows it closed (a host skip closes many); absent for a row never queued. */
  | { type: "skip"; runId: number; site: string; url: string; cls: string; reason: string; count?: number }
  /** A page was read but a limit cut it short (attachments per page). */
  | { type: "limit"; runId: number; site: string; url: string; reason: string }
  | { type: "retry"; runId: number; site: string; url: string; attempt: number; waitMs: number; reason: string }
  | { type: "host"; host: string; status: HostStatus; delayMs: number; until?: number }
  | { type: "done"; runId: number; summary: unknown };

/** Counters a progress display keeps; pure reducer so the CLI and tests share it. */
export interface ProgressState {
  pages: number;
  reports: number;
  attachments: number;
  /** Counted as the run summary counts failures: failed, blocked and skipped URLs, and soft 404s. */
  errors: number;
  /** URLs known and not yet finished (an estimate between events: retries stay pending). */
  pending: number;
  hosts: Map<string, { status: HostStatus; delayMs: number }>;
}

export function initialProgress(): ProgressState {
  return { pages: 0, reports: 0, attachments: 0, errors: 0, pending: 0, hosts: new Map() };
}

/** Classes of a fetched URL that are not failures: the same split as the run summary's. */
const OK_CLASSES: ReadonlySet<string> = new Set(["list", "report", "report_page", "not_report", "attachment"]);

/** Is a final class a failure, as the summary counts it? (a landing page, `report_page`, is not) */
export function isFailureClass(cls: string): boolean {
  return !OK_CLASSES.has(cls);
}

/** Finished URLs per second and the time left for the known frontier at that rate (undefined until known). */
export function progressRate(s: ProgressState, elapsedMs: number): { perSecond: number; etaMs?: number } {
  const done = s.pages + s.errors;
  const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return perSecond > 0 ? { perSecond, etaMs: (Math.max(0, s.pending) / perSecond) * 1000 } : { perSecond };
}

export function reduceProgress(s: ProgressState, e: CrawlEvent): ProgressState {
  switch (e.type) {
    case "run":
      s.pending = e.pending;
      break;
    case "fetch":
      s.pages++;
      s.pending += (e.queued ?? 0) - 1;
      if (e.cls === "report") s.reports++;
      else if (e.cls === "attachment") s.attachments++;
      else if (isFailureClass(e.cls)) s.errors++;
      break;
    case "skip":
      s.errors += e.count ?? 1;
      s.pending -= e.count ?? 0;
      break;
    case "host":
      s.hosts.set(e.host, { status: e.status, delayMs: e.delayMs });
      break;
    default:
      break;
  }
  return s;
}
