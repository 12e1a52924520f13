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
    }
  | { type: "skip"; runId: number; site: string; url: string; cls: string; reason: string }
  | { type: "retry"; runId: number; site: string; url: string; attempt: number; waitMs: number; reason: string }
  | { type: "host"; host: string; status: HostStatus; delayMs: number; until?: number }
  | { type: "done"; runId: number; summary: unknown };

/** Counters a progress display keeps; pure reducer so the CLI and tests share it. */
export interface ProgressState {
  pages: number;
  reports: number;
  attachments: number;
  errors: number;
  pending: number;
  hosts: Map<string, { status: HostStatus; delayMs: number }>;
}

export function initialProgress(): ProgressState {
  return { pages: 0, reports: 0, attachments: 0, errors: 0, pending: 0, hosts: new Map() };
}

export function reduceProgress(s: ProgressState, e: CrawlEvent): ProgressState {
  switch (e.type) {
    case "run":
      s.pending = e.pending;
      break;
    case "fetch":
      s.pages++;
      if (e.cls === "report") s.reports++;
      else if (e.cls === "attachment") s.attachments++;
      else if (e.cls !== "list" && e.cls !== "not_report" && e.cls !== "robots_txt") s.errors++;
      break;
    case "skip":
      s.errors++;
      break;
    case "host":
      s.hosts.set(e.host, { status: e.status, delayMs: e.delayMs });
      break;
    default:
      break;
  }
  return s;
}
