// Platform adapters by name. Adding a platform is adding a file beside this one and a line below; the
// registry's `cms` field accepts exactly these names plus `auto`.
import { extractAnchors, type Anchor } from "../_html.ts";
import type { Site } from "../registry.ts";
import { generic } from "./generic.ts";
import { gkmlpt } from "./gkmlpt.ts";
import { hanweb } from "./hanweb.ts";
import { json } from "./json.ts";
import { shtml32 } from "./shtml32.ts";
import { trs } from "./trs.ts";
import { vsb } from "./vsb.ts";
import type { CmsAdapter, ListInput, ListPage, ListRequest } from "./_types.ts";

export type { CmsAdapter, ListPage, ListRequest } from "./_types.ts";
export { jsonListUrl } from "./json.ts";

/** Every adapter, in the order `cms: auto` tries them (most specific first; generic always matches). */
export const ADAPTERS = { gkmlpt, hanweb, trs, vsb, shtml32, json, generic } as const satisfies Record<
  string,
  CmsAdapter
>;
export type CmsName = keyof typeof ADAPTERS;
export const CMS_NAMES = Object.keys(ADAPTERS) as CmsName[];

function adapterFor(name: string): CmsAdapter | undefined {
  return (ADAPTERS as Record<string, CmsAdapter>)[name];
}

/** The platform of an HTML list page, as `cms: auto` sees it. */
export function detectCms(input: ListInput): CmsName {
  for (const name of CMS_NAMES) if (ADAPTERS[name].detect(input)) return name;
  return "generic";
}

/** Run the site's adapter (or the detected one) on a fetched list page. */
export function readListPage(site: Site, req: ListRequest, text: string): ListPage {
  let anchors: Anchor[] | undefined;
  const input: ListInput = { site, req, text, anchors: () => (anchors ??= extractAnchors(text)) };
  // A request in an adapter's own format (Hanweb XML, gkmlpt JSON…) goes back to that adapter.
  const own = req.format !== "html" ? adapterFor(req.format) : undefined;
  if (own) return own.list(input) ?? { anchors: [], next: [], adapter: own.name };
  const name = site.cms === "auto" ? detectCms(input) : site.cms;
  const page = adapterFor(name)?.list(input);
  return page ?? { ...generic.list(input)!, adapter: name === "generic" ? "generic" : `${name}+generic` };
}
