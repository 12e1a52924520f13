// The one stylesheet, inlined in every page (no requests, works from files). System CJK fonts only:
// the view must work offline and a web font for Chinese is megabytes.
export const STYLE = `
:root{--ink:#1a1a1a;--muted:#666;--line:#e3e3e3;--bg:#fff;--soft:#f6f5f2;--accent:#b3261e;--bar:#2f5d8a;--flag:#d9822b}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:var(--bg);font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
a{color:#1d4f91;text-decoration:none}a:hover{text-decoration:underline}
.masthead{border-bottom:3px solid var(--ink);background:#fff}
.masthead .wrap{display:flex;align-items:baseline;gap:28px;padding-top:14px;padding-bottom:10px;flex-wrap:wrap}
.brand{font-size:22px;font-weight:700;color:var(--ink);letter-spacing:.02em}.brand small{font-size:12px;color:var(--muted);margin-left:8px;font-weight:400}
nav a{margin-right:18px;color:var(--ink);font-size:16px;padding-bottom:4px}nav a.active{border-bottom:3px solid var(--accent);font-weight:600}
h1{font-size:26px;line-height:1.3;margin:18px 0 6px;font-weight:700}
h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 8px}
.dek{color:var(--muted);margin:0 0 14px}
.tools{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:12px 0 0;font-size:13px;color:var(--muted)}
.tools .label{margin-right:2px}.share{margin-left:auto;display:flex;gap:6px;align-items:center}.share input{width:340px;font:12px ui-monospace,monospace;padding:4px 6px;border:1px solid var(--line);background:var(--soft)}
.btn{display:inline-block;border:1px solid #bbb;border-radius:3px;padding:2px 10px;color:var(--ink);background:#fff;font-size:13px}.btn:hover{background:var(--soft);text-decoration:none}
form.controls{display:flex;flex-wrap:wrap;gap:12px 16px;align-items:flex-end;background:var(--soft);padding:14px 16px;border-radius:4px;margin:14px 0}
form.controls label{display:flex;flex-direction:column;font-size:13px;color:var(--muted);gap:3px}
form.controls input,form.controls select{font:inherit;font-size:14px;padding:5px 8px;border:1px solid #bbb;border-radius:3px;background:#fff;min-width:120px}
form.controls input.wide{min-width:360px}
form.controls button{font:inherit;padding:6px 18px;border:0;border-radius:3px;background:var(--ink);color:#fff;cursor:pointer}
.coverage{font-size:14px;margin:6px 0 14px;color:var(--ink)}.coverage b{font-size:16px}
table.data{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0 18px}
table.data th{text-align:left;font-weight:600;border-bottom:2px solid var(--ink);padding:6px 8px;vertical-align:bottom;font-size:13px}
table.data td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top}
table.data td.num,table.data th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data tr:hover td{background:#fafaf7}
table.form td.label{min-width:220px}table.form td.num a{display:block;color:var(--ink)}table.form td.num a:hover{background:#fff3c4;text-decoration:none}
td.blank{color:#bbb}
.flag{color:var(--flag);font-weight:700;cursor:help;margin-left:4px}
td.flagged{background:#fff4e5}
.key{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted)}
.badge{display:inline-block;font-size:12px;padding:0 7px;border-radius:10px;border:1px solid}
.badge-ok{color:#2e7d32;border-color:#2e7d32}.badge-flagged{color:var(--flag);border-color:var(--flag)}.badge-failed{color:var(--accent);border-color:var(--accent)}
.chart{margin:8px 0 6px;overflow-x:auto}.chart svg{display:block;max-width:100%;height:auto}
.chart text{font-family:inherit}
.note{font-size:13px;color:var(--muted)}
.prov{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;font-size:14px;background:var(--soft);padding:12px 16px;border-radius:4px}
.prov dt{color:var(--muted)}.prov dd{margin:0;word-break:break-all}
ul.explain{padding-left:20px}ul.explain li{margin:4px 0}
.hit{border-bottom:1px solid var(--line);padding:10px 0}.hit mark{background:#ffe58a}
.pct{display:inline-block;height:10px;background:var(--bar);vertical-align:middle;margin-right:6px}
.foot{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:40px;padding-top:12px;padding-bottom:30px}
.narr{white-space:pre-wrap;font-size:14px;background:#fff;border-left:3px solid var(--line);padding:4px 12px;max-height:16em;overflow:auto}
figcaption.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;color:#444}figcaption.legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:5px}
.gap{color:#bbb;font-size:12px}
@media print{.tools,form.controls,nav{display:none}}
`;
