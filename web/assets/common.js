// Shared by every page of the dashboard. Article text reaches the page only through
// textContent and setAttribute on elements built here, never through HTML parsing, so an
// article's markup is shown as text (tests/dashboard.rs holds the pages to that).

/** An element with attributes and children; strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A link to an article's own page, or plain text when the URL is not http(s): a
 * `javascript:` URL in a scraped page must not become a link. */
export function externalLink(url, text) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return el("a", { href: parsed.href, rel: "noopener noreferrer", target: "_blank" }, text ?? url);
    }
  } catch (_) {
    // not a URL at all
  }
  return el("span", {}, text ?? url ?? "");
}

export function documentLink(id, text) {
  return el("a", { href: `/documents/${encodeURIComponent(id)}` }, text ?? id);
}

/** fetch() that returns the JSON body, or throws the API's own error message. */
export async function api(path, options = {}) {
  const response = await fetch(path, options);
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    // an error page that is not JSON: keep the status line
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

/** Shows a message in the page's status line (role=status, so screen readers hear it). */
export function status(message, isError = false) {
  const line = document.getElementById("status");
  if (!line) return;
  line.textContent = message;
  line.classList.toggle("error", isError);
}

export function query(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Replaces a container's children. */
export function fill(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

// A Content-Security-Policy violation means part of a page did not run; say so rather than
// fail silently (and let the browser tests see it).
window.readoutCspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const what = `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`;
  window.readoutCspViolations.push(what);
  status(`This page was blocked from running something: ${what}`, true);
});
