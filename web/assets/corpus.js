// The Corpus page: GET /api/search with its filters, and the latest stored documents.

import { api, documentLink, el, externalLink, fill, query, status } from "./common.js";

const field = (id) => document.getElementById(id);

function hit(h) {
  return el(
    "li",
    {},
    el("div", {}, documentLink(h.doc_id, h.title ?? h.doc_id), " ", el("span", { class: "date" }, h.published ?? "undated"),
      h.url ? [" · ", externalLink(h.url, "original")] : []),
    (h.sentences ?? []).slice(0, 3).map((s) => el("blockquote", {}, s)),
  );
}

async function search() {
  const params = new URLSearchParams();
  for (const name of ["q", "from", "to", "actor"]) {
    const value = field(name).value.trim();
    if (value) params.set(name, value);
  }
  history.replaceState(null, "", `?${params}`);
  status("Searching…");
  try {
    const { hits } = await api(`/api/search?${params}&limit=50`);
    fill(field("hits"), hits.map(hit));
    status(hits.length ? `${hits.length} documents.` : "No document has those words in one sentence.");
  } catch (error) {
    status(`Could not search: ${error.message}`, true);
  }
}

async function latest() {
  try {
    const { documents } = await api("/api/documents?limit=20");
    fill(field("latest"), documents.map((d) => el("li", {}, documentLink(d.id, d.title ?? d.id), " ", el("span", { class: "date" }, d.published ?? "undated"))));
  } catch (error) {
    fill(field("latest"), el("li", { class: "error" }, `Could not list the documents: ${error.message}`));
  }
}

field("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
for (const name of ["q", "from", "to", "actor"]) {
  const value = query(name);
  if (value !== null) field(name).value = value;
}
if (query("q")) search();
latest();
