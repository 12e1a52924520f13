// The site registry: data/sites/<province>.json (or one file), JSON arrays validated with zod; problems are returned as data
// naming the entry and the field (docs/crawl.md, "The registry").
// An entry needs only `id`, `name` and `start` (the first list page of its annual-report column).
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CMS_NAMES } from "./cms/index.ts";
import { CrawlError } from "./errors.ts";

/** An absolute http(s) URL that the WHATWG URL parser accepts (a regex let `http://[::1/` through). */
function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s) || /\s/.test(s)) return false; // the parser would quietly encode a space
  try {
    const u = new URL(s.replace("{page}", "1"));
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}
const Url = z.string().refine(isHttpUrl, "must be an absolute http(s) URL the URL parser accepts");
/** A host name with an optional port, as `URL.host` spells it. */
const Host = z
  .string()
  .min(1)
  .refine((h) => isHttpUrl(`http://${h}/`) && new URL(`http://${h}/`).host === h.toLowerCase(), {
    message: "must be a host name such as www.example.gov.cn or host:port",
  });

/** A JSON list API configured by hand (集约化 platforms; gkmlpt is found from its shell page without one). `{page}` in `url` is replaced by the page number. */
export const ListApiSchema = z.strictObject({
  url: Url,
  /** Dot path to the array of items in the response. */
  items: z.string().default("articles"),
  /** Field of an item holding its title / its URL (relative URLs resolve against the API URL). */
  title: z.string().default("title"),
  link: z.string().default("url"),
  /** Dot path to the total number of items, if the API gives one. */
  total: z.string().optional(),
  /** Items per page, used with `total` to stop without probing past the last page. */
  pageSize: z.number().int().positive().optional(),
  firstPage: z.number().int().min(0).default(1),
});

export const SiteSchema = z
  .strictObject({
    /** Stable id, kebab-case; used by `--site` and in the database. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case ascii (a-z, 0-9, -)"),
    /** Region or agency name, e.g. 重庆市梁平区. */
    name: z.string().min(1),
    /** First list page(s) of the annual-report column(s). */
    start: z.union([Url, z.array(Url).min(1)]).optional(),
    /** The government portal's homepage, where known; kept for entries whose column is not yet established. */
    homepage: Url.optional(),
    /** Administrative division code (GB/T 2260), six digits. */
    division: z
      .string()
      .regex(/^\d{6}$/, "must be six digits")
      .optional(),
    /** Site root; defaults to the origin of the first start URL. */
    base: Url.optional(),
    /** Other hosts that belong to the site (xxgk sub-domains, file servers); redirects may go there. */
    hosts: z.array(Host).default([]),
    /** Platform adapter for list pages (src/crawl/cms/); `auto` detects it from each list page. */
    cms: z.enum(["auto", ...CMS_NAMES]).default("auto"),
    /** The platform as observed (free text, e.g. "TRS WCM 海云"), for the coverage table; not used to crawl. */
    platform: z.string().min(1).optional(),
    /**
     * Fetch even when a host resolves to a loopback, private, link-local or metadata address. Only for
     * local mirrors and tests: a public government site never needs it.
     */
    allowPrivateAddresses: z.boolean().default(false),
    listApi: ListApiSchema.optional(),
    /** Gap between requests to this site's hosts, ms (overrides the global delay). */
    delayMs: z.number().int().min(0).optional(),
    /** Requests in flight per host for this site. @default 1 */
    concurrency: z.number().int().min(1).max(16).optional(),
    /** `observed`: a report under this column was seen at this address; `unverified`: address from secondary lists. */
    verified: z.enum(["observed", "unverified", "fixture"]).default("unverified"),
    /** Disabled entries stay in the registry but are not crawled unless named with --site. */
    enabled: z.boolean().default(true),
    note: z.string().optional(),
  })
  .refine((s) => s.start !== undefined || !s.enabled, {
    message:
      "an enabled entry needs `start` (its column's first list page); set enabled: false until it is established",
    path: ["start"],
  });

export type Site = z.infer<typeof SiteSchema>;
export type ListApi = z.infer<typeof ListApiSchema>;
export const RegistrySchema = z.array(SiteSchema);

export interface RegistryIssue {
  path: string;
  message: string;
}
export type RegistryResult = { ok: true; sites: Site[] } | { ok: false; issues: RegistryIssue[] };

/** `3.start` → `3 (cq-x).start`: an entry is found by its id, not by counting. */
function issuePath(input: unknown, path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  const first = path[0];
  if (typeof first === "number" && Array.isArray(input)) {
    const id = (input[first] as { id?: unknown } | null)?.id;
    if (typeof id === "string" && id) parts[0] = `${first} (${id})`;
  }
  return parts.join(".");
}

/** Validate parsed JSON as a registry. Pure. */
export function parseRegistry(input: unknown): RegistryResult {
  const r = RegistrySchema.safeParse(input);
  if (!r.success) {
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({ path: issuePath(input, i.path), message: i.message })),
    };
  }
  const seen = new Set<string>();
  const issues: RegistryIssue[] = [];
  r.data.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ path: `${i} (${s.id}).id`, message: `duplicate site id '${s.id}'` });
    seen.add(s.id);
  });
  return issues.length ? { ok: false, issues } : { ok: true, sites: r.data };
}

/** Start URLs of a site, always as an array. */
export function siteStarts(site: Site): string[] {
  if (site.start === undefined) return [];
  return Array.isArray(site.start) ? site.start : [site.start];
}

/** Hostnames a site may be fetched from (start, base, extra hosts, list API). */
export function siteHosts(site: Site): Set<string> {
  const hosts = new Set<string>(site.hosts.map((h) => h.toLowerCase()));
  for (const u of [...siteStarts(site), site.base, site.listApi?.url])
    if (u) hosts.add(new URL(u.replace("{page}", "1")).host.toLowerCase());
  return hosts;
}

/**
 * The registry's JSON: one file, or a folder of `*.json` files (data/sites/<province code>.json), each an array,
 * concatenated in file-name order.
 */
async function readRegistryJson(path: string): Promise<unknown> {
  const read = async (f: string): Promise<unknown> => JSON.parse((await readFile(f, "utf8")).replace(/^\uFEFF/, ""));
  if (!(await stat(path)).isDirectory()) return read(path);
  const files = (await readdir(path)).filter((f) => f.endsWith(".json")).sort();
  const parts = await Promise.all(files.map((f) => read(join(path, f))));
  return parts.flatMap((p) => (Array.isArray(p) ? p : [p]));
}

/** Read and validate a registry file or folder; throws BAD_REGISTRY naming the file and the first problems. */
export async function loadRegistry(file: string): Promise<Site[]> {
  let json: unknown;
  try {
    json = await readRegistryJson(file);
  } catch (cause) {
    throw new CrawlError("BAD_REGISTRY", file, cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const r = parseRegistry(json);
  if (!r.ok) {
    const list = r.issues
      .slice(0, 5)
      .map((i) => `${i.path || "(root)"}: ${i.message}`)
      .join("; ");
    throw new CrawlError("BAD_REGISTRY", file, `${r.issues.length} problem(s): ${list}`);
  }
  return r.sites;
}

/** Choose the sites of a run: named ids (unknown ones are an error), else every enabled site. */
export function selectSites(sites: readonly Site[], ids?: readonly string[]): Site[] {
  if (!ids?.length) return sites.filter((s) => s.enabled);
  const byId = new Map(sites.map((s) => [s.id, s]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) {
    throw new CrawlError(
      "BAD_REGISTRY",
      missing.join(","),
      `unknown site id(s); known: ${[...byId.keys()].slice(0, 10).join(", ")}…`,
    );
  }
  return ids.map((id) => byId.get(id)!);
}
