// `gongkai site`: the web view written out as files a newsroom can publish anywhere (or open from
// disk): the same renderers with a Linker that names one file per page. Pre-rendered: Compare for
// every year × the headline metrics (all regions and agency types), Series per agency, every current
// report with its archived source, Coverage per year, the dictionary, and Search in the browser over
// search-index.js.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../load/database.ts";
import { listYears } from "../query/compare-view.ts";
import { listAgencies } from "../query/series-view.ts";
import { planNotesTable } from "../query/notes.ts";
import { queryCurrentReportDocuments, queryNarrativeIndex } from "../query/sources.ts";
import { renderTableCsv } from "../query/table.ts";
import { renderXlsx } from "../query/xlsx.ts";
import { extensionOf, readArchived } from "./archive.ts";
import { type PageRef, renderStaticStem, staticLinker } from "./links.ts";
import { STATIC_METRICS } from "./pages/compare.ts";
import { renderSourcePage } from "./pages/source.ts";
import { renderPageFor, renderPageHtml, type RouteContext } from "./routes.ts";

export interface SiteOptions {
  db: string;
  out: string;
  raw?: string;
  onPage?: (file: string) => void;
}

export interface SiteSummary {
  pages: number;
  files: number;
  missingSources: number;
}

export async function writeSite(opts: SiteOptions): Promise<SiteSummary> {
  const db = openDatabase(opts.db, { readonly: true });
  const link = staticLinker();
  const ctx: RouteContext = { db, link, ...(opts.raw ? { rawDir: opts.raw } : {}) };
  mkdirSync(join(opts.out, "raw"), { recursive: true });
  const summary: SiteSummary = { pages: 0, files: 0, missingSources: 0 };
  const put = (file: string, body: string | Buffer) => {
    writeFileSync(join(opts.out, file), body);
    summary.files++;
    opts.onPage?.(file);
  };
  const page = (ref: PageRef, stem = renderStaticStem(ref)) => {
    const p = renderPageFor(ctx, ref.route, ref.params);
    put(`${stem}.html`, renderPageHtml(ctx, p));
    summary.pages++;
    if (p.tables.length) {
      put(`${stem}.csv`, p.tables.map((t) => renderTableCsv(t)).join("\r\n"));
      put(`${stem}.xlsx`, renderXlsx([...p.tables, planNotesTable(p.tables, `${stem}.html`)]));
    }
  };
  try {
    const years = listYears(db);
    if (years.length) page({ route: "compare", params: { year: years[0], metric: STATIC_METRICS[0] } }, "index");
    for (const year of years) {
      for (const metric of STATIC_METRICS) page({ route: "compare", params: { year, metric } });
      page({ route: "coverage", params: { year } });
    }
    page({ route: "coverage", params: {} });
    page({ route: "metrics", params: {} });
    page({ route: "search", params: {} });
    const narratives = queryNarrativeIndex(db);
    put("search-index.js", `window.__GK_SEARCH__=${JSON.stringify(narratives).replace(/</g, "\\u003c")};\n`);
    const agencies = listAgencies(db);
    if (agencies.length) page({ route: "series", params: {} });
    for (const a of agencies) page({ route: "series", params: { agency: a.agency } });
    const reports = queryCurrentReportDocuments(db);
    for (const r of reports) {
      page({ route: "report", params: { id: r.id } });
      const doc = readArchived(r, opts.raw);
      if (!doc) {
        summary.missingSources++;
        continue;
      }
      copyFileSync(doc.file, join(opts.out, "raw", `${r.sha256}${extensionOf(r.media_type)}`));
      summary.files++;
      put(`source-${r.id}.html`, await renderSourcePage(db, { id: r.id }, link, opts.raw));
    }
  } finally {
    db.close();
  }
  return summary;
}
