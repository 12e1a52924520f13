// Progress for people and for logs: a one-line bar redrawn on a terminal, JSON lines otherwise.
import {
  initialProgress,
  progressRate,
  reduceProgress,
  type CrawlEvent,
  type CrawlSummary,
  type ProgressState,
} from "../../crawl/index.ts";

/** One status line: counters plus the state of up to four hosts. Pure. */
export function renderProgressLine(s: ProgressState, elapsedMs: number, width = 100): string {
  const hosts = [...s.hosts.entries()]
    .slice(0, 4)
    .map(([h, v]) => `${h.replace(/^www\./, "")}:${v.status}`)
    .join(" ");
  const { perSecond, etaMs } = progressRate(s, elapsedMs);
  const eta = etaMs === undefined ? "" : ` · ${perSecond.toFixed(1)}/s · ETA ${formatDuration(etaMs)}`;
  const line = `[${(elapsedMs / 1000).toFixed(0)}s] pages ${s.pages} · reports ${s.reports} · attachments ${s.attachments} · errors ${s.errors}${eta}${hosts ? ` · ${hosts}` : ""}`;
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function formatDuration(ms: number): string {
  const t = Math.round(ms / 1000);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
}

export function renderSummary(s: CrawlSummary): string {
  const c = (x: { new: number; changed: number; unchanged: number }) =>
    `${x.new} new, ${x.changed} changed, ${x.unchanged} unchanged`;
  const fails =
    Object.entries(s.failures)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none";
  return [
    `run ${s.runId} ${s.status}${s.resumed ? " (resumed)" : ""}: ${s.sitesVisited}/${s.sites.length} sites, ${s.pagesFetched} fetches`,
    `reports: ${c(s.reports)}`,
    `attachments: ${c(s.attachments)}`,
    `failures: ${fails}`,
    s.sitesWithErrors.length ? `sites with errors: ${s.sitesWithErrors.join(", ")}` : "sites with errors: none",
  ].join("\n");
}

export interface Reporter {
  onEvent: (e: CrawlEvent) => void;
  close: () => void;
}

/** A live bar when `stream` is a TTY, else one JSON object per event (nightly runs). Effectful. */
export function createReporter(stream: NodeJS.WriteStream, now: () => number = Date.now): Reporter {
  const started = now();
  if (!stream.isTTY) {
    return {
      onEvent: (e) => {
        if (e.type !== "done") stream.write(`${JSON.stringify({ t: new Date(now()).toISOString(), ...e })}\n`);
      },
      close: () => undefined,
    };
  }
  const state = initialProgress();
  let last = 0;
  const draw = () =>
    stream.write(`\r\x1b[2K${renderProgressLine(state, now() - started, (stream.columns || 100) - 1)}`);
  return {
    onEvent: (e) => {
      reduceProgress(state, e);
      if (now() - last > 100) {
        last = now();
        draw();
      } // ten redraws a second at most
    },
    close: () => {
      draw();
      stream.write("\n");
    },
  };
}

const BAR = 28;

/** A document-count bar for `gongkai load`, redrawn in place on a terminal. Pure. */
export function renderBar(done: number, total: number, name: string): string {
  const filled = Math.round((done / Math.max(total, 1)) * BAR);
  const shown = name.length > 40 ? `…${name.slice(-39)}` : name;
  return `\r\x1b[2K[${"#".repeat(filled)}${".".repeat(BAR - filled)}] ${done}/${total} ${shown}`;
}
