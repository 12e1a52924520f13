// Charts as SVG drawn on the server: no script, no bundler, no CDN, and the same markup in the static
// site. A bar chart for rankings and a line chart for series; blanks are left out (a gap), never 0.
import { esc, fmtNumber } from "./html.ts";

export interface Bar {
  label: string;
  value: number | null;
  flagged?: boolean;
  href?: string;
}

const BAR_COLOR = "#2f5d8a";
const FLAG_COLOR = "#d9822b";
const MAX_BARS = 40;

/** Horizontal bars, largest first as given; at most 40 (the table has them all). */
export function renderBarChart(bars: readonly Bar[], kind: string, caption: string): string {
  const shown = bars.filter((b) => b.value !== null).slice(0, MAX_BARS);
  if (!shown.length) return `<p class="note">没有可画图的数值（所选年份和指标均为空白）。</p>`;
  const labelW = 230;
  const w = 860;
  const rowH = 24;
  const top = 8;
  const h = top + shown.length * rowH + 26;
  const max = Math.max(...shown.map((b) => Math.abs(b.value as number)), 1e-9);
  const plotW = w - labelW - 90;
  const bars_ = shown
    .map((b, i) => {
      const y = top + i * rowH;
      const v = b.value as number;
      const len = Math.max(1, (Math.abs(v) / max) * plotW);
      const name = [...b.label].length > 16 ? `${[...b.label].slice(0, 15).join("")}…` : b.label;
      const bar = `<rect class="bar" x="${labelW}" y="${y + 4}" width="${len.toFixed(1)}" height="${rowH - 8}" fill="${b.flagged ? FLAG_COLOR : BAR_COLOR}"><title>${esc(b.label)}：${esc(fmtNumber(v, kind))}${b.flagged ? "（有标记）" : ""}</title></rect>`;
      const label = `<text x="${labelW - 8}" y="${y + rowH / 2 + 5}" text-anchor="end" font-size="13" fill="#1a1a1a">${esc(name)}</text>`;
      const val = `<text x="${labelW + len + 6}" y="${y + rowH / 2 + 5}" font-size="12" fill="#444">${esc(fmtNumber(v, kind))}</text>`;
      return b.href ? `<a href="${esc(b.href)}">${label}${bar}${val}</a>` : label + bar + val;
    })
    .join("");
  const axisY = top + shown.length * rowH + 4;
  const legend = shown.some((b) => b.flagged)
    ? `<rect x="${labelW}" y="${axisY + 8}" width="10" height="10" fill="${FLAG_COLOR}"/><text x="${labelW + 14}" y="${axisY + 17}" font-size="12" fill="#666">有标记的数值</text>`
    : "";
  return `<figure class="chart" data-chart="bar"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(caption)}">
<line x1="${labelW}" y1="${top}" x2="${labelW}" y2="${axisY}" stroke="#1a1a1a"/>${bars_}${legend}</svg>
${bars.filter((b) => b.value !== null).length > MAX_BARS ? `<figcaption class="note">图中显示前 ${MAX_BARS} 名，表格列出全部。</figcaption>` : ""}</figure>`;
}

export interface Line {
  label: string;
  values: (number | null)[];
}

const PALETTE = [
  "#2f5d8a",
  "#b3261e",
  "#2e7d32",
  "#d9822b",
  "#6a4c93",
  "#00838f",
  "#8d6e63",
  "#c2185b",
  "#455a64",
  "#9e9d24",
];

/** One line per series over the years; a null breaks the line (a gap), a lone point is a dot. */
export function renderLineChart(
  years: readonly number[],
  lines: readonly Line[],
  kind: string,
  caption: string,
): string {
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  if (!all.length || !years.length) return `<p class="note">没有可画图的数值。</p>`;
  const w = 860;
  const h = 320;
  const left = 70;
  const right = 20;
  const top = 16;
  const bottom = 40;
  const max = Math.max(...all, 0);
  const min = Math.min(...all, 0);
  const span = max - min || 1;
  const x = (i: number) =>
    left + (years.length === 1 ? (w - left - right) / 2 : (i * (w - left - right)) / (years.length - 1));
  const y = (v: number) => top + (1 - (v - min) / span) * (h - top - bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => min + t * span);
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${left}" x2="${w - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/><text x="${left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#666">${esc(fmtNumber(t, kind === "money" ? "money" : "count"))}</text>`,
    )
    .join("");
  const xs = years
    .map(
      (yr, i) =>
        `<text x="${x(i).toFixed(1)}" y="${h - bottom + 20}" text-anchor="middle" font-size="12" fill="#444">${yr}</text>`,
    )
    .join("");
  const paths = lines
    .map((l, li) => {
      const color = PALETTE[li % PALETTE.length];
      let d = "";
      let pen = false;
      const dots: string[] = [];
      l.values.forEach((v, i) => {
        if (v === null) {
          pen = false;
          return;
        }
        d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
        dots.push(
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(l.label)} ${years[i]}年：${esc(fmtNumber(v, kind))}</title></circle>`,
        );
      });
      return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>${dots.join("")}`;
    })
    .join("");
  const legend = lines
    .map((l, li) => `<span><i style="background:${PALETTE[li % PALETTE.length]}"></i>${esc(l.label)}</span>`)
    .join("");
  return `<figure class="chart" data-chart="line"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(caption)}">${grid}${xs}${paths}</svg>
<figcaption class="legend">${legend}</figcaption></figure>`;
}
