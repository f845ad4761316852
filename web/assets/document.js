// A stored document's page (/documents/ID): GET /api/documents/ID, drawn as on the Read page.

import { api, externalLink, fill, status } from "./common.js";
import { renderDocument } from "./annotate.js";

const id = decodeURIComponent(location.pathname.replace(/^\/documents\//, ""));

async function load() {
  status("Loading…");
  try {
    const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
    document.getElementById("doc-title").textContent = doc.title ?? doc.id;
    document.title = `${doc.title ?? doc.id} — Readout`;
    fill(
      document.getElementById("meta"),
      [doc.id, doc.published ? `published ${doc.published}` : "no publication date", doc.source].filter(Boolean).join(" · "),
      doc.url ? [" · ", externalLink(doc.url, "original")] : [],
    );
    renderDocument(doc, document.getElementById("result"), document.getElementById("tip"));
    status("");
  } catch (error) {
    status(`Could not load the document: ${error.message}`, true);
  }
}

load();
