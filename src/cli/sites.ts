// `gongkai sites`: list, filter and validate the site registry, with counts by province and verification.
import { loadRegistry, type Site, siteStarts } from "../crawl/index.ts";
import { DEFAULT_SITES } from "../paths.ts";
import { provinceName, resolveProvince } from "./_province.ts";
import { EXIT, parseCommandArgs, runCommand, UsageError } from "./exit.ts";
import { renderTable } from "./render/table.ts";

export const usage = `Usage: gongkai sites [--province CODE|NAME] [--verified observed|unverified|fixture] [--list]
                    [--format table|json] [--sites PATH]

Validate the site registry (a folder of one JSON file per province, or one file) and print, by province,
how many divisions it lists, how many have an observed annual-report column, and how many are enabled.
A registry that does not validate exits 1 naming the entry and the field.

Options:
  --province CODE|NAME  one province: 33, 330000, 浙江 or 浙江省
  --verified KIND       only entries verified this way
  --list                one line per entry instead of counts (id, name, division, verified, platform, start)
  --format table|json   json prints the selected entries as one JSON array
  --sites PATH          the registry (default ${DEFAULT_SITES})
  -h, --help            this help`;

export function run(args: string[]): Promise<number> {
  return runCommand("sites", async () => {
    const { values } = parseCommandArgs({
      args,
      options: {
        province: { type: "string" },
        verified: { type: "string" },
        list: { type: "boolean" },
        format: { type: "string" },
        sites: { type: "string" },
      },
    });
    const format = values.format ?? "table";
    if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json (got ${format})`);
    if (values.verified && !["observed", "unverified", "fixture"].includes(values.verified))
      throw new UsageError(`--verified must be observed, unverified or fixture (got ${values.verified})`);
    const province = values.province ? resolveProvince(values.province) : undefined;
    const all = await loadRegistry(values.sites ?? DEFAULT_SITES);
    const sites = all.filter(
      (s) => (!province || s.division?.startsWith(province)) && (!values.verified || s.verified === values.verified),
    );
    if (format === "json") {
      process.stdout.write(`${JSON.stringify(sites, null, 2)}\n`);
      return EXIT.OK;
    }
    process.stdout.write(values.list ? renderSiteList(sites) : renderSiteCounts(sites));
    return EXIT.OK;
  });
}

function renderSiteList(sites: readonly Site[]): string {
  return renderTable(
    ["id", "name", "division", "verified", "platform", "start"],
    sites.map((s) => [s.id, s.name, s.division ?? null, s.verified, s.platform ?? null, siteStarts(s)[0] ?? null]),
  );
}

/** Counts by province: entries, observed, unverified, enabled; then the platforms of the observed ones. */
export function renderSiteCounts(sites: readonly Site[]): string {
  const by = new Map<string, number[]>();
  const platforms = new Map<string, number>();
  for (const s of sites) {
    const p = s.division?.slice(0, 2) ?? "—";
    const c = by.get(p) ?? [0, 0, 0, 0];
    c[0] = (c[0] ?? 0) + 1;
    if (s.verified === "observed") c[1] = (c[1] ?? 0) + 1;
    if (s.verified === "unverified") c[2] = (c[2] ?? 0) + 1;
    if (s.enabled) c[3] = (c[3] ?? 0) + 1;
    by.set(p, c);
    if (s.verified === "observed")
      platforms.set(s.platform ?? "unknown", (platforms.get(s.platform ?? "unknown") ?? 0) + 1);
  }
  const rows = [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = [0, 1, 2, 3].map((i) => rows.reduce((n, [, c]) => n + (c[i] ?? 0), 0));
  const observedProvinces = rows.filter(([p, c]) => p !== "—" && (c[1] ?? 0) > 0).length;
  const table = renderTable(
    ["province", "code", "entries", "observed", "unverified", "enabled"],
    [...rows.map(([p, c]) => [p === "—" ? "(no division)" : provinceName(p), p, ...c]), ["total", null, ...total]],
  );
  const obs = total[1] ?? 0;
  const plat = [...platforms.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n} (${Math.round((n / Math.max(1, obs)) * 100)}%)`)
    .join(", ");
  return `${table}\n${obs} observed columns in ${observedProvinces} provinces; platforms of the observed: ${plat || "none"}\n`;
}
