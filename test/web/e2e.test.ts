// The web view end to end, in headless Chromium (Debian `chromium` driven by playwright-core): the
// journalist's path through `gongkai serve` on the demo dataset, then the same path through the
// static site opened from files. Screenshots go to test-output/screenshots/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeSite } from "../../src/web/site.ts";
import { buildDemoDataset } from "./_demo.ts";

const CHROMIUM = "/usr/bin/chromium";
/** Pages render on a shared 2-core machine: give the browser time before a check fails. */
const POLL = { timeout: 20_000, interval: 100 };
const SHOTS = new URL("../../test-output/screenshots/", import.meta.url).pathname;

let dir: string;
let data: { db: string; raw: string };
/** `gongkai serve` itself (bin/gongkai.js, built by npm test), on a free port. */
let server: { url: string; child: ChildProcess };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "gongkai-web-"));
  data = await buildDemoDataset(dir);
  const child = spawn(process.execPath, ["bin/gongkai.js", "serve", "--db", data.db, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line.toString())?.[0];
  if (!url) throw new Error(`gongkai serve printed no address: ${line}`);
  server = { url, child };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    // launch() gives every run a fresh temporary profile (it refuses --user-data-dir).
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.child.kill("SIGTERM");
    const [code] = await once(server.child, "exit");
    expect(code).toBe(0); // Ctrl-C / SIGTERM is a clean stop
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  return context.newPage();
}

/** Compare → metric by Chinese label → ranked rows and a chart → a report → its archived source. */
async function journalistPath(page: Page, prefix: string, chooseMetric: (page: Page) => Promise<void>) {
  await chooseMetric(page);
  const rows = page.locator("#ranking tbody tr");
  // 2021 in the demo: 梁平区 (70) and 平潭综合实验区 (70), both 2021-format reports.
  await expect.poll(() => rows.count(), POLL).toBe(2);
  expect(await page.locator("h1").textContent()).toContain("本年新收政府信息公开申请数量");
  expect(await rows.nth(0).locator("td").nth(4).textContent()).toBe("70");
  expect(await page.locator("figure[data-chart=bar] svg rect.bar").count()).toBe(2);
  expect(await page.locator("[data-coverage]").textContent()).toMatch(/其中 2 个有2021年报告/);
  await page.screenshot({ path: `${SHOTS}${prefix}-1-compare.png`, fullPage: true });

  await page.locator("#ranking tbody tr", { hasText: "梁平区" }).locator("a").first().click();
  await page.waitForLoadState();
  expect(await page.locator("h1").textContent()).toContain("梁平区人民政府 2021年");
  const cell = page.locator('table.form td[data-key="requests.new.total"] a');
  expect(await cell.textContent()).toBe("70");
  expect(await page.locator("dl.prov").textContent()).toMatch(/SHA-256\s*[0-9a-f]{64}/);
  await page.screenshot({ path: `${SHOTS}${prefix}-2-report.png`, fullPage: false });

  await cell.click();
  await page.waitForLoadState();
  const hit = page.locator(".gk-hit");
  await expect.poll(() => hit.count(), POLL).toBe(1);
  expect((await hit.textContent())?.replace(/\s/g, "")).toBe("70");
  expect(await page.locator("#gk-banner").textContent()).toContain("✓");
  await page.screenshot({ path: `${SHOTS}${prefix}-3-source.png`, fullPage: false });
}

describe("gongkai serve in Chromium", { timeout: 120_000 }, () => {
  it("compare by Chinese label → report → archived source with the cell highlighted", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/compare?year=2021`);
    await journalistPath(page, "serve", async (p) => {
      await p.locator('input[name="metric"]').fill("本年新收");
      await p.locator('#compare-form button[type="submit"]').click();
      await p.waitForURL(/metric=requests\.new\.total/);
    });
  });

  it("downloads what the page shows as XLSX with Chinese headers", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/compare?year=2021&metric=requests.new.total`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("a[data-download=xlsx]").click(),
    ]);
    const file = join(dir, "download.xlsx");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(download.suggestedFilename()).toBe("compare-2021-requests.new.total.xlsx");
    // The first sheet's first row: the page's Chinese column heads (deflated in the ZIP: inflate it).
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const at = bytes.indexOf(name) - 30;
    const sheet = inflateRawSync(
      bytes.subarray(at + 30 + name.length, at + 30 + name.length + bytes.readUInt32LE(at + 18)),
    );
    expect(sheet.toString("utf8")).toContain('<t xml:space="preserve">排名</t>');
    expect(sheet.toString("utf8")).toContain('<t xml:space="preserve">一、本年新收政府信息公开申请数量 / 总计(件)</t>');
  });

  it("is read-only: anything but GET and HEAD is refused", async () => {
    const res = await fetch(`${server.url}/compare`, { method: "POST", body: "x" });
    expect(res.status).toBe(405);
  });

  it("a PDF report's source page shows the cell's page with the cell boxed", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/compare?year=2023&metric=requests.new.total`);
    await page.locator("#ranking tbody tr a").first().click();
    await page.waitForLoadState();
    await page.locator('table.form td[data-key="requests.new.total"] a').click();
    await expect.poll(() => page.locator(".gk-box").count(), POLL).toBe(1);
    expect(await page.locator(".gk-hit-text").textContent()).toBe("21");
    await page.screenshot({ path: `${SHOTS}serve-4-pdf-source.png`, fullPage: false });
  });

  it("glued page text: the printed digits nearest the cell's offset are marked", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/compare?year=2021&metric=requests.new.total`);
    await page.locator("#ranking tbody tr", { hasText: "平潭" }).locator("a").first().click();
    await page.waitForLoadState();
    await page.locator('table.form td[data-key="requests.new.total"] a').click();
    // 平潭 2021 prints the row as one run, 640020470: the total, 70, is its last two digits.
    await expect.poll(() => page.locator("mark.gk-hit").count(), POLL).toBe(1);
    const line = await page.locator("mark.gk-hit").evaluate((m) => (m.parentElement as HTMLElement).dataset.text ?? "");
    expect(line).toContain("本年新收政府信息公开申请数量640020470");
    expect(await page.locator("mark.gk-hit").evaluate((m) => m.previousSibling?.textContent?.slice(-7))).toBe(
      "6400204",
    );
  });

  it("series and coverage pages render with a chart and gaps as gaps", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/series?agency=${encodeURIComponent("平潭综合实验区")}`);
    expect(await page.locator("figure[data-chart=line] path").count()).toBeGreaterThan(0);
    // 平潭 has reports for 2016–2019, 2021 and 2025: 2020 and 2022–2024 are gaps, not zeros.
    expect(await page.locator("#series tbody tr").first().locator("td.gap").count()).toBe(4);
    await page.screenshot({ path: `${SHOTS}serve-5-series.png`, fullPage: false });
    await page.goto(`${server.url}/coverage?year=2024`);
    expect(await page.locator("#coverage tbody tr", { hasText: "江苏省" }).locator("td").nth(3).textContent()).toBe(
      "2",
    );
    await page.screenshot({ path: `${SHOTS}serve-6-coverage.png`, fullPage: false });
    await page.goto(`${server.url}/search?q=${encodeURIComponent("政府信息公开")}`);
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}serve-7-search.png`, fullPage: false });
  });
});

describe("gongkai site, opened from files", { timeout: 120_000 }, () => {
  it("passes the same checks", async () => {
    const out = join(dir, "site");
    const summary = await writeSite({ db: data.db, out });
    expect(summary.missingSources).toBe(0);
    const page = await newPage();
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await journalistPath(page, "site", async (p) => {
      await p.locator('select[name="year"]').selectOption("2021");
      await p.locator('select[name="metric"]').selectOption({ label: "本年新收政府信息公开申请数量" });
      await p.locator('#compare-form button[type="submit"]').click();
      await p.waitForURL(/compare-2021-requests\.new\.total\.html$/);
    });
    expect(existsSync(join(out, "compare-2021-requests.new.total.xlsx"))).toBe(true);

    // Filtering by province happens in the browser: 福建 (35) keeps 平潭 alone, re-ranked, re-drawn.
    await page.goto(pathToFileURL(join(out, "compare-2021-requests.new.total.html")).href);
    await page.locator('select[name="province"]').selectOption("35");
    await expect.poll(() => page.locator("#ranking tbody tr:not([hidden])").count(), POLL).toBe(1);
    expect(await page.locator("#ranking tbody tr:not([hidden]) td").nth(1).textContent()).toBe("平潭综合实验区");
    expect(await page.locator("figure[data-chart=bar] svg rect.bar").count()).toBe(1);
    expect(await page.locator("[data-coverage]").textContent()).toBe(
      "福建省地级和县级区划共 93 个，其中 1 个有2021年报告。本表列出 1 个机关。",
    );
    expect(page.url()).toMatch(/\?province=35$/);
    await page.screenshot({ path: `${SHOTS}site-4-compare-filtered.png`, fullPage: true });

    // Search runs in the browser over search-index.js; hits link to the report files.
    await page.goto(`${pathToFileURL(join(out, "search.html")).href}?q=${encodeURIComponent("信息处理费")}`);
    await expect.poll(() => page.locator("#search-hits .hit").count(), POLL).toBeGreaterThan(0);
    expect(await page.locator("#search-hits .hit a").first().getAttribute("href")).toMatch(/^report-\d+\.html$/);
    await page.screenshot({ path: `${SHOTS}site-5-search.png`, fullPage: false });
  });
});
