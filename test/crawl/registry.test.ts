// Registry validation with the URL parser: the entry's id and field are named.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRegistry, parseRegistry } from "../../src/crawl/index.ts";
import { tmp } from "./_helpers.ts";

const entry = (extra: Record<string, unknown>) => ({ id: "bad", name: "某县", start: "http://a.gov.cn/nb/", ...extra });

describe("registry URLs are checked with the URL parser", () => {
  it.each([
    ["start", "http://127.0.0.1:99999/"],
    ["start", "http://[::1/"],
    ["base", "http://a.gov.cn/x y/"],
    ["start", "ftp://a.gov.cn/"],
  ])("%s %s is refused, naming the site id and the field", (field, url) => {
    const r = parseRegistry([entry({ [field]: url })]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toBe(`0 (bad).${field}`);
  });

  it("hosts must be host names (with an optional port)", () => {
    expect(parseRegistry([entry({ hosts: ["xxgk.a.gov.cn", "files.a.gov.cn:8080"] })]).ok).toBe(true);
    const r = parseRegistry([entry({ hosts: ["http://xxgk.a.gov.cn/"] })]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toBe("0 (bad).hosts.0");
  });

  it("the new fields: cms names of every adapter, allowPrivateAddresses (default false), platform", () => {
    const r = parseRegistry([
      entry({ cms: "gkmlpt", platform: "广东政务公开目录管理平台" }),
      entry({ id: "v", cms: "vsb" }),
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.sites[0]).toMatchObject({ cms: "gkmlpt", allowPrivateAddresses: false, verified: "unverified" });
    expect(parseRegistry([entry({ cms: "wordpress" })]).ok).toBe(false);
  });

  it("a sites.json saved with a UTF-8 BOM loads", async () => {
    const f = join(tmp(), "sites.json");
    writeFileSync(f, `\uFEFF${JSON.stringify([entry({})])}`);
    expect((await loadRegistry(f)).map((s) => s.id)).toEqual(["bad"]);
  });

  it("a bad entry in a file is reported with the file, the id and the field", async () => {
    const f = join(tmp(), "sites.json");
    writeFileSync(f, JSON.stringify([entry({ start: "http://[::1/" })]));
    await expect(loadRegistry(f)).rejects.toThrow(/sites\.json.*0 \(bad\)\.start: must be an absolute http\(s\) URL/);
  });
});
