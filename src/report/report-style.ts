/**
 * The report's whole style sheet, inlined in a <style> element: system font stacks only (no web fonts),
 * a print layout without the navigation, and tables that scroll sideways on narrow screens. @internal
 */
export const REPORT_CSS = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #dde2ea; --accent: #1f6fb2; --bg: #f5f7fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.5;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; font-size: 15px; }
header { background: #ffffff; border-bottom: 1px solid var(--line); padding: 24px 32px 8px; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 0 0 8px; font-size: 20px; color: var(--accent); }
.meta { margin: 0 0 12px; color: var(--muted); font-size: 13px; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav a { color: var(--accent); text-decoration: none; font-size: 14px; }
nav a:hover { text-decoration: underline; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 24px 48px; }
section { background: #ffffff; border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; margin: 16px 0; }
section > p { max-width: 880px; margin: 0 0 10px; }
.lead { font-size: 16px; }
.note { color: var(--muted); font-size: 13px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 12px 0 4px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; background: #fbfcfe; }
.kpi-value { font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi-label { color: var(--muted); font-size: 13px; }
.kpi-note { color: var(--muted); font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0; align-items: flex-start; }
figure.chart { margin: 0; max-width: 100%; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
.tables { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
caption { text-align: left; font-weight: 600; padding: 0 0 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #f0f3f7; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
@media print {
  body { background: #ffffff; }
  nav { display: none; }
  section { break-inside: avoid; border: none; padding: 8px 0; }
}
`;
