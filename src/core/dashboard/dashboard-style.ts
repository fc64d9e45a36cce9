/** The dashboard's stylesheet: system fonts only (nothing to download), GitHub's palette, readable in print. */
export const DASHBOARD_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --met: #1a7f37; --met-bg: #dafbe1; --not-met: #cf222e; --not-met-bg: #ffebe9; --info: #0969da; --info-bg: #ddf4ff;
  --warn: #9a6700; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  color: var(--fg); background: #fff; }
header { padding: 24px 32px 16px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
main { padding: 16px 32px 32px; max-width: 1400px; }
h2 { font-size: 18px; margin: 28px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; background: #fff; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.alert .value { color: var(--not-met); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 16px; background: #fff; min-width: 0; }
.panel.spaced { margin-top: 16px; }
.panel.narrow { max-width: 560px; margin-bottom: 16px; }
.grid.three { grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
.legend { margin: 8px 0 0; color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin: 0 4px 0 10px; }
.swatch.met { background: var(--met); } .swatch.not-met { background: var(--not-met); }
.swatch.none { background: #57606a; } .swatch.target { background: #afb8c1; }
.chart { position: relative; height: 240px; }
.chart.tall { height: 320px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  line-height: 20px; white-space: nowrap; border: 1px solid transparent; }
.badge.met { color: var(--met); background: var(--met-bg); border-color: #aceebb; }
.badge.not-met { color: var(--not-met); background: var(--not-met-bg); border-color: #ffcecb; }
.badge.none { color: var(--muted); background: var(--panel); border-color: var(--line); }
.badge.implementation { color: var(--info); background: var(--info-bg); border-color: #b6e3ff; }
.badge.maintenance { color: var(--met); background: var(--met-bg); border-color: #aceebb; }
.badge.freeze { color: var(--not-met); background: var(--not-met-bg); border-color: #ffcecb; }
.badge.unreviewed { color: var(--warn); background: var(--warn-bg); border-color: #f5e0a0; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
.scroll { overflow-x: auto; }
footer { padding: 16px 32px; color: var(--muted); border-top: 1px solid var(--line); font-size: 12px; }
`;
