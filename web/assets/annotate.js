// Draws a readout/1 document: its text with entities, timexes, quotes and event triggers
// marked, and the lists of events, quotes and sources, each opening onto its explanation.
// Offsets in readout/1 count Unicode code points; JavaScript strings count UTF-16 units, so
// the text is handled as an array of code points throughout.

import { el, fill } from "./common.js";

const QUAD = ["no class", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];

/** Every marked span of the document, as [start, end, layer, record]. */
function spans(doc) {
  const out = [];
  for (const entity of doc.entities) {
    for (const m of entity.mentions) out.push([m.start, m.end, "entity", entity]);
  }
  for (const t of doc.timexes) out.push([t.start, t.end, "timex", t]);
  for (const q of doc.quotes) out.push([q.start, q.end, "quote", q]);
  for (const e of doc.events) {
    if (e.trigger) out.push([e.trigger.start, e.trigger.end, "trigger", e]);
  }
  return out.filter(([s, e]) => e > s);
}

/** What a person (or any entity) is, for the hover card and the title. */
export function describeEntity(entity) {
  const lines = [`${entity.name} (${entity.kind})`];
  for (const role of entity.roles ?? []) {
    const where = [role.org, role.country].filter(Boolean).join(", ");
    lines.push(`role: ${role.title}${where ? ` (${where})` : ""}`);
  }
  if (entity.country) lines.push(`country: ${entity.country}`);
  if (entity.code) lines.push(`code: ${entity.code}`);
  return lines;
}

/**
 * Cuts the text at every span boundary; each piece carries the spans that cover it. One sweep
 * over the sorted boundaries, so a long article with many spans stays linear.
 */
function pieces(length, marks) {
  const opens = new Map();
  const closes = new Map();
  const cuts = new Set([0, length]);
  marks.forEach((mark, i) => {
    const [start, end] = mark;
    if (start < 0 || end > length) return;
    (opens.get(start) ?? opens.set(start, []).get(start)).push(i);
    (closes.get(end) ?? closes.set(end, []).get(end)).push(i);
    cuts.add(start);
    cuts.add(end);
  });
  const sorted = [...cuts].sort((a, b) => a - b);
  const active = new Set();
  const out = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const at = sorted[k];
    for (const i of closes.get(at) ?? []) active.delete(i);
    for (const i of opens.get(at) ?? []) active.add(i);
    out.push([at, sorted[k + 1], [...active].map((i) => marks[i])]);
  }
  return out;
}

function renderText(doc, chars, container, tip) {
  const marks = spans(doc);
  const frag = document.createDocumentFragment();
  for (const [start, end, covering] of pieces(chars.length, marks)) {
    const text = chars.slice(start, end).join("");
    if (covering.length === 0) {
      frag.append(document.createTextNode(text));
      continue;
    }
    const piece = el("span", {}, text);
    // the innermost (shortest) entity mention names the piece
    let entity = null;
    let entityLength = Infinity;
    for (const [s, e, layer, record] of covering) {
      piece.classList.add(layer);
      if (layer === "entity" && e - s < entityLength) {
        entity = record;
        entityLength = e - s;
      }
      if (layer === "trigger") piece.dataset.event = record.id;
      if (layer === "quote") piece.dataset.quote = record.id;
      if (layer === "timex") piece.dataset.timex = `${record.text} = ${record.value}`;
    }
    if (entity) {
      piece.classList.add(`kind-${entity.kind}`);
      piece.dataset.entity = entity.id;
      piece.setAttribute("title", describeEntity(entity).join("\n"));
      piece.setAttribute("tabindex", "0");
    }
    frag.append(piece);
  }
  fill(container, frag);

  const byId = new Map(doc.entities.map((e) => [e.id, e]));
  const show = (event) => {
    const piece = event.target.closest("[data-entity]");
    if (!piece || !container.contains(piece)) return;
    const entity = byId.get(piece.dataset.entity);
    if (!entity) return;
    const [head, ...rest] = describeEntity(entity);
    fill(tip, el("strong", {}, head), ...rest.map((line) => el("div", {}, line)));
    tip.hidden = false;
    const box = piece.getBoundingClientRect();
    tip.style.left = `${Math.max(4, box.left + window.scrollX)}px`;
    tip.style.top = `${box.bottom + window.scrollY + 4}px`;
  };
  const hide = () => {
    tip.hidden = true;
  };
  container.addEventListener("mouseover", show);
  container.addEventListener("focusin", show);
  container.addEventListener("mouseout", hide);
  container.addEventListener("focusout", hide);
}

function slice(chars, span) {
  return span ? chars.slice(span.start, span.end).join("") : "";
}

function party(p) {
  if (!p) return "—";
  return p.code ? `${p.text} (${p.code})` : p.text;
}

/** Marks the pieces of one record in the text and brings them into view. */
function focusRecord(container, attribute, id) {
  for (const old of container.querySelectorAll(".focus")) old.classList.remove("focus");
  const found = container.querySelectorAll(`[data-${attribute}="${CSS.escape(id)}"]`);
  for (const piece of found) piece.classList.add("focus");
  if (found.length) found[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function facts(rows) {
  return el(
    "dl",
    {},
    rows.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
  );
}

function eventItem(doc, chars, e, textEl) {
  const date = e.date ? e.date.value : "undated";
  const category = `${e.cameo} ${e.cameo_label}${e.plover ? ` · ${e.plover}` : ""}`;
  const summary = el(
    "summary",
    {},
    el("span", { class: "date" }, date),
    " ",
    el("span", { class: "dyad" }, `${party(e.actor)} → ${party(e.recipient)}`),
    " ",
    el("span", { class: "category" }, category),
    " ",
    el("span", { class: `status status-${e.status}` }, e.status),
    e.place ? [" ", el("span", { class: "place" }, `in ${e.place.name}`)] : [],
  );
  const body = facts([
    ["trigger", e.trigger ? e.trigger.text : null],
    ["rule", e.rule],
    ["CAMEO", `${e.cameo} ${e.cameo_label}`],
    ["PLOVER", e.plover ? `${e.plover}${e.plover_mode ? ` (${e.plover_mode})` : ""}` : null],
    ["Goldstein", e.goldstein],
    ["quad class", QUAD[e.quad_class] ?? e.quad_class],
    ["date", e.date ? `${e.date.value} (${e.date.precision}, from ${e.date.from})` : null],
    ["place", e.place ? [e.place.name, e.place.country].filter(Boolean).join(", ") : null],
    ["evidence", (e.evidence ?? []).join("; ")],
    ["sentence", slice(chars, e.sentence)],
  ]);
  const item = el("details", { class: "record", "data-record": e.id }, summary, body);
  item.addEventListener("toggle", () => {
    if (item.open) focusRecord(textEl, "event", e.id);
  });
  return el("li", {}, item);
}

function quoteItem(doc, chars, q, textEl) {
  const speaker = q.speaker ? q.speaker.text : "unattributed";
  const summary = el("summary", {}, el("span", { class: "speaker" }, `${speaker}: `), el("q", {}, q.text));
  const body = facts([
    ["kind", q.kind],
    ["speaker", q.speaker ? `${q.speaker.text}${q.speaker.entity ? ` (${q.speaker.entity})` : ""}` : null],
    ["cue", q.cue ? q.cue.text : null],
    ["date", q.date ? q.date.value ?? JSON.stringify(q.date) : null],
    ["evidence", q.evidence],
  ]);
  const item = el("details", { class: "record", "data-record": q.id }, summary, body);
  item.addEventListener("toggle", () => {
    if (item.open) focusRecord(textEl, "quote", q.id);
  });
  return el("li", {}, item);
}

function sourceItem(s) {
  const summary = el("summary", {}, s.text);
  const body = facts([
    ["outlet", s.outlet],
    ["anonymous", s.anonymous ? "yes" : "no"],
    ["cue", s.cue],
    ["evidence", s.evidence],
  ]);
  return el("li", {}, el("details", { class: "record" }, summary, body));
}

function list(items, empty) {
  return items.length ? el("ol", {}, items) : el("p", { class: "empty" }, empty);
}

const LEGEND = [
  ["entity kind-person", "person"],
  ["entity kind-country", "country"],
  ["entity kind-place", "place"],
  ["entity kind-organization", "organisation"],
  ["entity kind-group", "group"],
  ["timex", "date or time"],
  ["quote", "quote"],
  ["trigger", "event trigger"],
];

function panel(title, records) {
  return el("h2", {}, `${title} `, el("span", { class: "count" }, String(records.length)));
}

/**
 * Draws `doc` into `result` (an empty section): a legend, the annotated text and the panels
 * of events, quotes and sourcing. `tip` is the page's hover card.
 */
export function renderDocument(doc, result, tip) {
  const chars = Array.from(doc.text);
  const text = el("article", { id: "text", class: "annotated", "aria-label": "the article, annotated" });
  renderText(doc, chars, text, tip);
  const legend = el("ul", { class: "legend", "aria-label": "legend" }, LEGEND.map(([cls, name]) => el("li", {}, el("span", { class: cls }, name))));
  const aside = el(
    "aside",
    {},
    panel("Events", doc.events),
    el("div", { id: "events" }, list(doc.events.map((e) => eventItem(doc, chars, e, text)), "No events.")),
    panel("Quotes", doc.quotes),
    el("div", { id: "quotes" }, list(doc.quotes.map((q) => quoteItem(doc, chars, q, text)), "No quotes.")),
    panel("Sourcing", doc.sources),
    el("div", { id: "sources" }, list(doc.sources.map(sourceItem), "No sourcing.")),
  );
  fill(result, legend, el("div", { class: "reading" }, text, aside));
  result.hidden = false;
}
