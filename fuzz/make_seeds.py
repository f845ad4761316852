#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/ from the repository's fixtures (run from fuzz/; re-running
rewrites the same files). Kept small: the fuzzer grows its own corpus in fuzz/corpus/."""
import gzip, json, os, shutil, zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "fuzz", "seeds")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def fixture(*parts):
    with open(os.path.join(ROOT, "tests", "fixtures", *parts), "rb") as f:
        return f.read()


shutil.rmtree(OUT, ignore_errors=True)

# Text: a full seed article, a few Wikinews articles (cut to 8 KB), crafted hard cases.
texts = {
    "seed.txt": fixture("seed", "000_96816e06d1c519d8.txt"),
    "blinken.txt": fixture("cli", "000_blinken.txt"),
}
wiki = sorted(os.listdir(os.path.join(ROOT, "tests", "fixtures", "wikinews")))
for name in [n for n in wiki if n.endswith(".txt")][:6]:
    texts[name] = fixture("wikinews", name)[:8192]
crafted = [
    "US Secretary of State Antony Blinken said Monday in Beijing that “talks were useful.”",
    "Gen. Ma Zhaoxu, Director General for Jan. 5, 2023 — Sen. Yang Tao told CNN last month.",
    "“We will not,” he said. 'Quoted' \"twice\" «guillemets» „low“ ‘single’.",
    "rock ’n’ roll, the US’ readiness, Blinken’s trip, can't, O'Brien's, n't",
    "日本 🙂 é\u0301 \u200d\u202e RTL \u05e9\u05dc\u05d5\u05dd \ufeff\u00a0\u2028x\r\ny",
    "Germany attacked France and Egypt agreed to meet Sudan and Russia on 2023-06-05 at 10:00.",
    "A source familiar with the matter, who spoke on condition of anonymity, told Reuters.",
]
for i, t in enumerate(crafted):
    texts[f"crafted{i}.txt"] = t.encode("utf-8")
for name, data in texts.items():
    put("code_text", name, data)
    put("code_bytes", name, data)
put("code_bytes", "bom.txt", b"\xef\xbb\xbf" + texts["crafted0.txt"])
put("code_bytes", "latin1.txt", "Réunion à Genève, a déclaré le ministère.".encode("latin-1"))
put("code_bytes", "utf16.txt", "\ufeffHello".encode("utf-16-le"))
put("code_bytes", "nul.txt", b"text\x00binary")

# HTML: the first byte picks the Content-Type (fuzz/src/lib.rs, CONTENT_TYPES).
put("html", "article.html", b"\x00" + fixture("html", "article.html"))
put("html", "latin1.html", b"\x03" + fixture("html", "latin1.html"))
put("html", "latin1-meta.html", b"\x00" + fixture("html", "latin1.html"))
for d in ["13_readability_wapo-2", "16_readability_bbc-1"]:
    with open(os.path.join(ROOT, "..", "shared", "html", "readability", d, "source.html"), "rb") as f:
        put("html", d + ".html", b"\x02" + f.read()[:120_000])
put("html", "tiny.html", b"\x01<p>Leaders met in Paris on Tuesday, officials said.</p>")
put("html", "meta.html", b"\x00<html><head><meta charset=shift_jis><meta property=og:title content=T>"
    b"<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"datePublished\":\"2023-06-06T10:00:00+02:00\"}</script>"
    b"</head><body><article><p>\x93\xfa\x96\x7b and Korea agreed.</p></article></body></html>")

# JSONL: a few article lines, odd shapes.
lines = fixture("wikinews", "articles.jsonl").splitlines()[:3]
small = []
for l in lines:
    o = json.loads(l)
    o["text"] = o["text"][:3000]
    small.append(json.dumps(o, ensure_ascii=False).encode("utf-8"))
put("jsonl", "wikinews.jsonl", b"\n".join(small) + b"\n")
put("jsonl", "shapes.jsonl",
    b'{"id":"r-1","text":"Russia and Ukraine held talks in Istanbul on Tuesday.","published":"2022-03-29"}\r\n'
    b'{"id":7,"text":"The United Nations called for a ceasefire.","published":"2022-03-29T10:00:00Z"}\n'
    b'\n   \n{"text":null}\n[1,2]\n{"id":{},"text":"x"}\n{"text":"\\ud83d\\ude42 \\u00e9","title":"t","url":null}\n'
    b'{"text":"x","published":"yesterday"}\nnot json\n{"text":"caf\xe9"}\n')

# WARC: records as tests/inputs.rs builds them.
def record(kind, uri, ctype, block):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2023-06-06T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{len(uri)}>\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def response(uri, headers, body, status="200 OK"):
    return record("response", uri, "application/http; msgtype=response",
                  f"HTTP/1.1 {status}\r\n{headers}\r\n".encode() + body)


def page(title, paras):
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (f"<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>"
            f"<article><h1>{title}</h1>\n{body}</article><footer>Copyright</footer></body></html>")


english = page("Leaders meet in Paris", [
    "The leaders of France and Germany met in Paris on Tuesday to discuss energy security, officials said.",
    "They agreed to hold another meeting in Berlin before the end of the year."])
gz = gzip.compress(english.encode(), mtime=0)
chunked = b"".join(b"%x\r\n" % len(gz[i:i + 50]) + gz[i:i + 50] + b"\r\n" for i in range(0, len(gz), 50)) + b"0\r\n\r\n"
warc = (record("warcinfo", "", "application/warc-fields", b"software: readout-fuzz\r\n")
        + record("request", "https://news.example/a", "application/http; msgtype=request",
                 b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n")
        + response("https://news.example/a", "Content-Type: text/html; charset=windows-1252\r\n",
                   page("Réunion à Genève", ["Le ministre a rencontré lundi son homologue."]).encode("cp1252"))
        + response("https://news.example/logo.png", "Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n....")
        + response("https://news.example/gone", "Content-Type: text/html\r\n", b"<p>gone</p>", "404 Not Found")
        + response("https://news.example/b", "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked))
put("warc", "mixed.warc", warc)
put("warc", "deflate.warc", response("https://news.example/d", "Content-Encoding: deflate\r\n", zlib.compress(english.encode())))
put("warc", "notype.warc", response("https://news.example/n", "", b"  <p>Officials met in Rome.</p>"))
put("warc", "truncated.warc", warc[:700])

# Lexicon files: the example of docs/lexicon.md, and pieces.
with open(os.path.join(ROOT, "docs", "lexicon.md"), encoding="utf-8") as f:
    doc = f.read()
example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
put("lexicon", "docs-example.toml", example)
for i, part in enumerate(example.split("\n\n")):
    if part.strip():
        put("lexicon", f"part{i}.toml", part + "\n")
put("lexicon", "odd.toml",
    '[[actor]]\nname = "NSC"\nkind = "organization"\ncodes = ["USAGOV@..", "X@2020-01-01..2019-01-01"]\n'
    'aliases = ["", " ", "N.S.C.", "日本"]\n[[event_verb]]\nform = "  "\ncode = "0"\n')
