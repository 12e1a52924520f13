// The shape every platform adapter has: recognise a platform from a fetched list page, and read a list
// page (HTML, or the platform's own XML/JSON) into item links and the next list request(s). Pure.
import type { Anchor } from "../_html.ts";
import type { Site } from "../registry.ts";

export interface ListRequest {
  url: string;
  method: "GET" | "POST";
  /** Form body of a POST (Hanweb dataproxy). */
  body?: string;
  /** 0-based page index within the column. */
  page: number;
  /** `html` for a list page in HTML, else the name of the adapter whose own format (XML, JSON) the answer is in. */
  format: string;
}

export interface ListPage {
  anchors: Anchor[];
  next: ListRequest[];
  adapter: string;
}

export interface ListInput {
  site: Site;
  req: ListRequest;
  /** The decoded body. */
  text: string;
  /** The page's anchors, scanned once on first use. */
  anchors: () => Anchor[];
}

export interface CmsAdapter {
  readonly name: string;
  /** Does this HTML list page come from the platform? Used by `cms: auto`; must be cheap and linear. */
  detect(input: ListInput): boolean;
  /**
   * Items and next requests of a list page, or undefined when the page has none of the platform's paging
   * (the generic next-page links are used then).
   */
  list(input: ListInput): ListPage | undefined;
}
