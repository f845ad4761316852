// The Read page: code a pasted or uploaded article through POST /api/code and draw it.

import { api, status } from "./common.js";
import { renderDocument } from "./annotate.js";

const form = document.getElementById("code-form");
const textarea = document.getElementById("article");
const fileInput = document.getElementById("file");
let htmlFile = null;

fileInput.addEventListener("change", async () => {
  const file = fileInput.files[0];
  if (!file) return;
  const body = await file.text();
  // a web page is sent as HTML so that the server extracts its text, title and date
  htmlFile = /\.html?$/i.test(file.name) || file.type === "text/html" ? body : null;
  textarea.value = htmlFile === null ? body : "";
  textarea.required = htmlFile === null;
  status(htmlFile === null ? `Loaded ${file.name}.` : `Loaded the web page ${file.name}; its text is extracted on coding.`);
});

textarea.addEventListener("input", () => {
  htmlFile = null;
  textarea.required = true;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  const published = document.getElementById("published").value;
  const title = document.getElementById("title").value.trim();
  if (published) params.set("published", published);
  if (title) params.set("title", title);
  if (document.getElementById("store").checked) params.set("store", "true");
  const isHtml = htmlFile !== null;
  const headers = { "Content-Type": isHtml ? "text/html; charset=utf-8" : "text/plain; charset=utf-8" };
  const token = document.getElementById("token").value;
  if (params.has("store") && token) headers.Authorization = `Bearer ${token}`;
  status("Coding…");
  try {
    const started = performance.now();
    const doc = await api(`/api/code?${params}`, {
      method: "POST",
      headers,
      body: isHtml ? htmlFile : textarea.value,
    });
    const ms = Math.round(performance.now() - started);
    show(doc);
    status(`Coded in ${ms} ms: ${doc.entities.length} entities, ${doc.events.length} events, ${doc.quotes.length} quotes.`);
  } catch (error) {
    status(`Could not code the article: ${error.message}`, true);
  }
});

function show(doc) {
  const meta = document.getElementById("meta");
  meta.textContent = [doc.title, doc.published ? `published ${doc.published}` : "no publication date", doc.source]
    .filter(Boolean)
    .join(" · ");
  renderDocument(doc, document.getElementById("result"), document.getElementById("tip"));
}
