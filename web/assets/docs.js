// The API's human page, drawn from the OpenAPI document the server generates from its code, so
// that it cannot drift from what the server does.

import { api, el, fill, status } from "./common.js";

function parameters(op) {
  const params = op.parameters ?? [];
  if (!params.length) return null;
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "parameter"), el("th", { scope: "col" }, "in"),
      el("th", { scope: "col" }, "type"), el("th", { scope: "col" }, "required"), el("th", { scope: "col" }, "meaning"))),
    el(
      "tbody",
      {},
      params.map((p) =>
        el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in),
          el("td", {}, typeName(p.schema)), el("td", {}, p.required ? "yes" : "no"), el("td", {}, p.description ?? "")),
      ),
    ),
  );
}

function typeName(schema) {
  if (!schema) return "";
  const type = schema.type;
  if (Array.isArray(type)) return type.filter((t) => t !== "null").join(" or ");
  return type ?? (schema.$ref ? schema.$ref.split("/").pop() : "");
}

function responses(op) {
  const entries = Object.entries(op.responses ?? {});
  if (!entries.length) return null;
  return el("ul", { class: "responses" }, entries.map(([code, r]) => el("li", {}, el("code", {}, code), " ", r.description ?? "")));
}

async function load() {
  try {
    const spec = await api("/api/openapi.json");
    document.getElementById("intro").textContent = `${spec.info.title} ${spec.info.version}: ${spec.info.description ?? ""}`;
    const sections = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== "object" || !op.responses) continue;
        sections.push(
          el(
            "section",
            { class: "endpoint", id: `${method}-${path.replace(/[^a-z0-9]+/gi, "-")}` },
            el("h3", {}, el("span", { class: `method method-${method}` }, method.toUpperCase()), " ", el("code", {}, path)),
            el("p", {}, [op.summary, op.description].filter(Boolean).join(" ")),
            parameters(op),
            op.requestBody ? el("p", {}, `Body: ${Object.keys(op.requestBody.content ?? {}).join(", ") || "any"}. ${op.requestBody.description ?? ""}`) : null,
            responses(op),
          ),
        );
      }
    }
    fill(document.getElementById("endpoints"), sections);
  } catch (error) {
    status(`Could not load the API description: ${error.message}`, true);
  }
}

load();
