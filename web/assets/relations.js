// The Relations page: GET /api/timeline for two actors, drawn with uPlot (vendored; global
// `uPlot`) as bars stacked by quad class and a line of the mean Goldstein score; a click on a
// period lists its events from GET /api/events.

import { api, documentLink, el, externalLink, fill, query, status } from "./common.js";

const CLASSES = [
  { name: "verbal cooperation", color: "#7fb8e6" },
  { name: "material cooperation", color: "#2f6fa8" },
  { name: "verbal conflict", color: "#f2a65a" },
  { name: "material conflict", color: "#c0392b" },
];

const form = document.getElementById("relation-form");
const field = (id) => document.getElementById(id);
let chart = null;

/** One row per period, both directions added up. */
function byPeriod(rows) {
  const periods = new Map();
  for (const r of rows) {
    const p = periods.get(r.period) ?? { period: r.period, events: 0, quad: [0, 0, 0, 0, 0], goldstein: 0, scored: 0 };
    p.events += r.events;
    r.quad.forEach((n, i) => (p.quad[i] += n));
    p.goldstein += r.goldstein_sum;
    p.scored += r.scored;
    periods.set(r.period, p);
  }
  return [...periods.values()].sort((x, y) => (x.period < y.period ? -1 : 1));
}

function draw(periods, onPick) {
  const container = field("chart");
  if (chart) chart.destroy();
  container.replaceChildren();
  const x = periods.map((_, i) => i);
  const counts = CLASSES.map((_, c) => periods.map((p) => p.quad[c + 1]));
  // stacked bars: series k is drawn at the sum of classes k.. so the later (lower) ones sit in front
  const stacked = CLASSES.map((_, c) => periods.map((_, i) => counts.slice(c).reduce((s, row) => s + row[i], 0)));
  const goldstein = periods.map((p) => (p.scored ? p.goldstein / p.scored : null));
  const bars = uPlot.paths.bars({ size: [0.7, 80] });
  const width = Math.max(320, Math.min(container.clientWidth || 900, 1100));
  const opts = {
    width,
    height: 320,
    scales: { x: { time: false, range: [-0.5, Math.max(0.5, periods.length - 0.5)] }, n: { range: (u, min, max) => [0, Math.max(1, max)] }, g: { range: [-10, 10] } },
    axes: [
      { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) && periods[t] ? periods[t].period : "")), gap: 6 },
      // counts are whole numbers: no ticks between them
      { scale: "n", label: "events", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] },
      { scale: "g", side: 1, label: "mean Goldstein", grid: { show: false } },
    ],
    series: [
      { label: "period", value: (u, i) => (i === null || !periods[i] ? "" : periods[i].period) },
      ...CLASSES.map((c, k) => ({
        label: c.name,
        scale: "n",
        fill: c.color,
        stroke: c.color,
        // no outline: an empty class would draw a line at the foot of the bar
        width: 0,
        paths: bars,
        points: { show: false },
        value: (u, v, si, i) => (i === null ? "" : String(counts[k][i])),
      })),
      { label: "mean Goldstein", scale: "g", stroke: "#222", width: 2, points: { show: true, size: 6 }, spanGaps: true,
        value: (u, v) => (v === null || v === undefined ? "—" : v.toFixed(2)) },
    ],
    cursor: { points: { show: false } },
    hooks: {
      ready: [
        (u) => {
          u.over.addEventListener("click", () => {
            if (u.cursor.idx !== null && u.cursor.idx !== undefined) onPick(periods[u.cursor.idx].period);
          });
        },
      ],
    },
  };
  chart = new uPlot(opts, [x, ...stacked, goldstein], container);
  container.dataset.periods = String(periods.length);
}

function table(rows, onPick) {
  const body = field("periods").querySelector("tbody");
  fill(
    body,
    rows.map((r) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, r.period),
        el("td", {}, r.direction),
        el("td", {}, r.events),
        r.quad.slice(1).map((n) => el("td", {}, n)),
        el("td", {}, r.goldstein_mean === null ? "—" : r.goldstein_mean.toFixed(2)),
        el("td", {}, el("button", { type: "button", onclick: () => onPick(r.period) }, "events")),
      ),
    ),
  );
}

async function showPeriod(a, b, by, period) {
  const box = field("period-events");
  delete box.dataset.period;
  fill(box, el("h2", {}, `Events of ${period}`), el("p", {}, "Loading…"));
  const params = new URLSearchParams({ actor: a, recipient: b, both: "true", limit: "500" });
  if (by === "month") params.set("month", period);
  else {
    params.set("from", period);
    params.set("to", period);
  }
  try {
    const { events } = await api(`/api/events?${params}`);
    const items = events.map((e) =>
      el(
        "li",
        { class: "period-event" },
        el(
          "div",
          {},
          el("span", { class: "date" }, e.date ?? "undated"),
          " ",
          el("span", { class: "dyad" }, `${e.actor_name ?? e.actor_code ?? "—"} → ${e.recipient_name ?? e.recipient_code ?? "—"}`),
          " ",
          el("span", { class: "category" }, `${e.cameo} ${e.cameo_label}${e.plover ? ` · ${e.plover}` : ""}`),
          " ",
          el("span", { class: `status status-${e.status}` }, e.status),
          e.place ? [" ", el("span", { class: "place" }, `in ${e.place}`)] : [],
        ),
        el("blockquote", {}, e.sentence),
        el("div", { class: "links" }, documentLink(e.doc_id, e.title ?? e.doc_id), e.url ? [" · ", externalLink(e.url, "original")] : []),
      ),
    );
    fill(box, el("h2", {}, `Events of ${period} (${events.length})`), items.length ? el("ol", {}, items) : el("p", {}, "No events."));
    box.dataset.period = period;
  } catch (error) {
    fill(box, el("p", { class: "error" }, `Could not list the events: ${error.message}`));
  }
}

async function load() {
  const a = field("a").value.trim();
  const b = field("b").value.trim();
  const by = field("by").value;
  const params = new URLSearchParams({ a, b, by });
  for (const name of ["from", "to"]) {
    const value = field(name).value.trim();
    if (value) params.set(name, value);
  }
  history.replaceState(null, "", `?${params}`);
  status("Loading…");
  try {
    const { timeline } = await api(`/api/timeline?${params}`);
    field("relation").hidden = false;
    const pick = (period) => showPeriod(a, b, by, period);
    const periods = byPeriod(timeline);
    draw(periods, pick);
    table(timeline, pick);
    fill(field("period-events"));
    const total = periods.reduce((s, p) => s + p.events, 0);
    status(periods.length ? `${total} events over ${periods.length} periods.` : `No dated events between ${a} and ${b}.`);
  } catch (error) {
    status(`Could not load the relation: ${error.message}`, true);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});

for (const name of ["a", "b", "by", "from", "to"]) {
  const value = query(name);
  if (value !== null) field(name).value = value;
}
if (query("a") && query("b")) load();
