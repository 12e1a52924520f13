// Where a page lives. The server puts the page's state in the query string (a stable, shareable URL);
// the static site has one file per page it pre-renders, named from the same state. Pages build every
// link through a Linker, so one renderer serves both. Pure.
import { createHash } from "node:crypto";

export type Route = "compare" | "series" | "report" | "source" | "search" | "coverage" | "metrics";
export type Params = Record<string, string | number | undefined>;
export interface PageRef {
  route: Route;
  params: Params;
}

export interface Linker {
  /** true for the static site: controls that need the server are left out. */
  readonly static: boolean;
  page(ref: PageRef): string;
  /** The link to copy and share (absolute on the server). */
  share(ref: PageRef): string;
  download(ref: PageRef, ext: "csv" | "xlsx"): string;
  /** The archived bytes of a document. */
  raw(sha256: string, ext: string): string;
}

/** Query parameters in a fixed order, empty ones left out, so equal states give equal URLs. */
const ORDER = ["year", "metric", "per", "region", "type", "agency", "q", "key"];
const rank = (k: string): number => {
  const i = ORDER.indexOf(k);
  return i < 0 ? ORDER.length : i;
};
export function renderQuery(params: Params): string {
  const keys = Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== "")
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const qs = new URLSearchParams(keys.map((k) => [k, String(params[k])])).toString();
  return qs ? `?${qs}` : "";
}

export function serverLinker(origin: string): Linker {
  const path = (ref: PageRef, ext = ""): string => {
    const { id, ...rest } = ref.params;
    if (ref.route === "report" || ref.route === "source") return `/${ref.route}/${id}${ext}${renderQuery(rest)}`;
    return `/${ref.route}${ext}${renderQuery(ref.params)}`;
  };
  return {
    static: false,
    page: (ref) => path(ref),
    share: (ref) => origin + path(ref),
    download: (ref, ext) => path(ref, `.${ext}`),
    raw: (sha, ext) => `/raw/${sha}${ext}`,
  };
}

const slug = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 12);

/** The file name (without extension) of a pre-rendered page. */
export function renderStaticStem(ref: PageRef): string {
  const p = ref.params;
  switch (ref.route) {
    case "compare":
      return p.year && p.metric ? `compare-${p.year}-${p.metric}` : "index";
    case "series":
      return p.agency ? `series-${slug(String(p.agency))}` : "series";
    case "report":
    case "source":
      return `${ref.route}-${p.id}`;
    case "coverage":
      return p.year ? `coverage-${p.year}` : "coverage";
    default:
      return ref.route;
  }
}

export function staticLinker(): Linker {
  return {
    static: true,
    page: (ref) => `${renderStaticStem(ref)}.html`,
    share: (ref) => `${renderStaticStem(ref)}.html`,
    download: (ref, ext) => `${renderStaticStem(ref)}.${ext}`,
    raw: (sha, ext) => `raw/${sha}${ext}`,
  };
}
