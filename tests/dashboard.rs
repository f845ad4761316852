//! The dashboard: its pages as served (types, CSP, no inline code, every asset present), and
//! end-to-end in real headless Chromium driven over WebDriver (chromedriver): the seed article
//! on the Read page, the USA–CHN relation drawn, a stored document's page, the API's page, and
//! hostile articles rendered as inert text. The browser tests are ignored by plain `cargo test`;
//! `scripts/test-all.sh` installs Debian's chromium and chromium-driver and runs them.
//! Screenshots go to target/dashboard/ for people to look at.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{agent, serve};
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_readout");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A store holding the examples the README ingests.
fn ingested(dir: &Path) -> String {
    let db = format!("sqlite:{}", dir.join("r.db").display());
    let status = Command::new(BIN)
        .args(["ingest", "--db", &db, "-q", "--published", "2023-06-06"])
        .arg(root().join("tests/fixtures/wikinews/articles.jsonl"))
        .arg(root().join("tests/fixtures/seed/000_96816e06d1c519d8.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    db
}

fn fetch(url: &str) -> (u16, String, String) {
    let mut r = agent().get(url).call().unwrap();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let csp = r
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{url}: CSP {csp:?}");
    (status, kind, body)
}

const PAGES: [&str; 5] = ["/", "/relations", "/corpus", "/docs", "/documents/some-id"];

#[test]
fn pages_and_their_assets_are_served_with_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(
        &format!("sqlite:{}", dir.path().join("r.db").display()),
        &[],
    );
    for page in PAGES {
        let (status, kind, html) = fetch(&format!("{}{page}", s.base));
        assert_eq!(status, 200, "{page}");
        assert!(kind.starts_with("text/html"), "{page}: {kind}");
        let parsed = scraper::Html::parse_document(&html);
        // every script and stylesheet the page names is served, with a type browsers accept
        let refs = scraper::Selector::parse("script[src], link[rel=stylesheet]").unwrap();
        let mut assets = 0;
        for node in parsed.select(&refs) {
            let href = node.attr("src").or(node.attr("href")).expect("a reference");
            let (status, kind, _) = fetch(&format!("{}{href}", s.base));
            assert_eq!(status, 200, "{page}: {href}");
            let wanted = if href.ends_with(".css") {
                "text/css"
            } else {
                "text/javascript"
            };
            assert!(kind.starts_with(wanted), "{href}: {kind}");
            assets += 1;
        }
        assert!(assets >= 2, "{page} names {assets} assets");
    }
    // module imports are served too
    for module in ["common.js", "annotate.js"] {
        let (status, kind, _) = fetch(&format!("{}/assets/{module}", s.base));
        assert_eq!(status, 200);
        assert!(kind.starts_with("text/javascript"), "{kind}");
    }
    let (status, _, _) = fetch(&format!("{}/assets/no-such.js", s.base));
    assert_eq!(status, 404);
}

/// The Content-Security-Policy forbids inline code, so the pages must not hold any: no inline
/// scripts, no event-handler attributes, no style attributes, no `javascript:` links.
#[test]
fn the_pages_hold_no_inline_code() {
    for entry in std::fs::read_dir(root().join("web")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        let all = scraper::Selector::parse("*").unwrap();
        for node in html.select(&all) {
            let name = node.value().name();
            if name == "script" {
                assert!(node.attr("src").is_some(), "{path:?}: an inline script");
            }
            for (attr, value) in node.value().attrs() {
                assert!(!attr.starts_with("on"), "{path:?}: <{name} {attr}>");
                assert_ne!(attr, "style", "{path:?}: <{name} style>");
                assert!(
                    !value.trim_start().to_lowercase().starts_with("javascript:"),
                    "{path:?}: <{name} {attr}={value}>"
                );
            }
        }
    }
}

#[test]
fn the_scripts_never_write_html() {
    // article text reaches the page through textContent only; these are how HTML gets written
    for entry in std::fs::read_dir(root().join("web/assets")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ] {
            assert!(!code.contains(sink), "{path:?} uses {sink}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// In the browser

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Browser {
    client: Client,
}

fn program(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

/// chromedriver on a free port, and a headless Chromium session through it.
async fn browser() -> (Browser, Running) {
    let chromedriver = program("READOUT_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    let chromium = program("READOUT_TEST_CHROMIUM", "/usr/bin/chromium");
    assert!(
        Path::new(&chromedriver).exists() && Path::new(&chromium).exists(),
        "{chromedriver} or {chromium} is missing: install Debian's chromium and chromium-driver \
         (scripts/test-all.sh does)"
    );
    let port = free_port();
    let driver = Running(
        Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1400,1000"],
        }),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let client = loop {
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        match builder
            .capabilities(capabilities.clone())
            .connect(&webdriver)
            .await
        {
            Ok(c) => break c,
            Err(e) if started.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot start Chromium through chromedriver: {e}"),
        }
    };
    (Browser { client }, driver)
}

impl Browser {
    async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
    }

    async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap()
    }

    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap()
    }

    /// Fails the test if the page broke its Content-Security-Policy or raised an alert.
    async fn assert_clean(&self, page: &str) {
        let violations = self
            .js("return window.readoutCspViolations || null;", vec![])
            .await;
        assert_eq!(violations, json!([]), "{page}: CSP violations");
        assert!(
            self.client.get_alert_text().await.is_err(),
            "{page}: an alert is open"
        );
    }

    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = root().join("target/dashboard");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn hover(&self, element: &fantoccini::elements::Element) {
        let actions = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: element.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        self.client.perform_actions(actions).await.unwrap();
    }

    async fn code_on_read_page(&self, base: &str, text: &str, published: &str, title: &str) {
        self.client.goto(&format!("{base}/")).await.unwrap();
        self.wait_for("#article").await;
        self.js(
            "document.getElementById('article').value = arguments[0];
             document.getElementById('published').value = arguments[1];
             document.getElementById('title').value = arguments[2];",
            vec![json!(text), json!(published), json!(title)],
        )
        .await;
        self.client
            .find(Locator::Css("#code"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_for("#events li, #events .empty").await;
    }
}

fn seed() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/seed/000_96816e06d1c519d8.txt")).unwrap()
}

/// Runs a browser test. The body runs as a task so that a failing one still ends its session:
/// killing chromedriver would leave its Chromium running.
fn chromium_test<T>(body: impl FnOnce(Browser) -> T)
where
    T: std::future::Future<Output = ()> + Send + 'static,
{
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async move {
            let (browser, _driver) = browser().await;
            let client = browser.client.clone();
            let outcome = tokio::spawn(body(browser)).await;
            let _ = client.close().await;
            if let Err(failure) = outcome {
                match failure.try_into_panic() {
                    Ok(panic) => std::panic::resume_unwind(panic),
                    Err(e) => panic!("the browser test did not finish: {e}"),
                }
            }
        });
}

#[test]
#[ignore = "needs Chromium and chromedriver (scripts/test-all.sh installs them)"]
fn read_page_shows_blinken_with_his_role_and_the_beijing_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(
        &format!("sqlite:{}", dir.path().join("r.db").display()),
        &[],
    );
    chromium_test(move |b| async move {
        b.code_on_read_page(&s.base, &seed(), "2023-06-06", "")
            .await;

        // Antony Blinken is marked as a person, and hovering him shows his role and country
        let people = b
            .client
            .find_all(Locator::Css("#text .entity.kind-person"))
            .await
            .unwrap();
        let mut blinken = None;
        for p in people {
            if p.attr("title")
                .await
                .unwrap()
                .is_some_and(|t| t.contains("Antony Blinken"))
            {
                blinken = Some(p);
                break;
            }
        }
        let blinken = blinken.expect("Antony Blinken is highlighted as a person");
        b.hover(&blinken).await;
        let tip = b.wait_for("#tip:not([hidden])").await;
        let card = tip.text().await.unwrap();
        assert!(
            card.contains("Antony Blinken")
                && card.contains("Secretary of State")
                && card.contains("USA"),
            "{card}"
        );
        b.screenshot("read-seed").await;

        // the events panel has the Beijing meeting of 2023-06-05; a click opens its explanation
        let mut meeting = None;
        for item in b
            .client
            .find_all(Locator::Css("#events details"))
            .await
            .unwrap()
        {
            let summary = item.find(Locator::Css("summary")).await.unwrap();
            let line = summary.text().await.unwrap();
            if line.contains("2023-06-05") && line.contains("Beijing") {
                meeting = Some((item, summary));
                break;
            }
        }
        let (item, summary) = meeting.expect("the Beijing meeting of 2023-06-05 in the events");
        summary.click().await.unwrap();
        let explanation = item.text().await.unwrap();
        assert!(
            explanation.contains("rule") && explanation.contains("sentence"),
            "{explanation}"
        );
        // its trigger is marked in the text
        let focused = b
            .client
            .find_all(Locator::Css("#text .trigger.focus"))
            .await
            .unwrap();
        assert!(!focused.is_empty());

        // quotes: speaker and words
        let quotes = b.text("#quotes li").await;
        assert!(quotes.contains(":"), "{quotes}");
        b.screenshot("read-seed-event").await;
        b.assert_clean("read").await;
    });
}

#[test]
#[ignore = "needs Chromium and chromedriver (scripts/test-all.sh installs them)"]
fn relations_page_draws_usa_china_and_lists_a_months_events() {
    let dir = tempfile::tempdir().unwrap();
    let s = serve(&ingested(dir.path()), &[]);
    chromium_test(move |b| async move {
        b.client
            .goto(&format!("{}/relations?a=USA&b=CHN&by=month", s.base))
            .await
            .unwrap();
        let chart = b.wait_for("#chart canvas").await;
        let periods: usize = b
            .wait_for("#chart[data-periods]")
            .await
            .attr("data-periods")
            .await
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        assert!(periods >= 1);
        // the canvas is drawn on: count the pixels the bars and line coloured
        let painted = b
            .js(
                "const c = arguments[0]; const d = c.getContext('2d')
                     .getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                 return n;",
                vec![serde_json::to_value(&chart).unwrap()],
            )
            .await;
        assert!(painted.as_u64().unwrap() > 500, "{painted}");
        let rows = b
            .client
            .find_all(Locator::Css("#periods tbody tr"))
            .await
            .unwrap();
        assert!(!rows.is_empty());
        b.screenshot("relations-usa-chn").await;

        // clicking a period on the chart lists its events, with sentences and document links
        let over = b.wait_for("#chart .u-over").await;
        let month_of_seed = b
            .js(
                "const rows = [...document.querySelectorAll('#periods tbody th')];
                 return rows.map(r => r.textContent);",
                vec![],
            )
            .await;
        assert!(
            month_of_seed
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "2023-06"),
            "{month_of_seed}"
        );
        b.hover(&over).await;
        over.click().await.unwrap();
        let first = b.wait_for("#period-events[data-period] li").await;
        let heading = b.text("#period-events h2").await;
        assert!(heading.starts_with("Events of "), "{heading}");
        assert!(!first
            .find(Locator::Css("blockquote"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .is_empty());
        // and the table's button for 2023-06 lists that month, whose seed events link to it
        b.js(
            "[...document.querySelectorAll('#periods tbody tr')]
                .find(r => r.querySelector('th').textContent === '2023-06')
                .querySelector('button').click();",
            vec![],
        )
        .await;
        let link = b
            .wait_for(
                "#period-events[data-period='2023-06'] a[href='/documents/000_96816e06d1c519d8']",
            )
            .await;
        b.screenshot("relations-2023-06").await;
        b.assert_clean("relations").await;

        // the document page shows the stored article annotated as on the Read page
        link.click().await.unwrap();
        b.wait_for("#text .entity.kind-person").await;
        let events = b.text("#events li").await;
        assert!(!events.is_empty());
        b.screenshot("document-seed").await;
        b.assert_clean("document").await;

        // the corpus page finds it by words and an actor
        b.client
            .goto(&format!("{}/corpus?q=balloon&actor=CHN", s.base))
            .await
            .unwrap();
        let hit = b.text("#hits li").await;
        assert!(hit.to_lowercase().contains("balloon"), "{hit}");
        b.wait_for("#latest li").await;
        b.screenshot("corpus-balloon").await;
        b.assert_clean("corpus").await;

        // the API's page is drawn from the OpenAPI document
        b.client.goto(&format!("{}/docs", s.base)).await.unwrap();
        let endpoints = b.wait_for("#endpoints section").await.text().await.unwrap();
        assert!(endpoints.contains("/api/code"), "{endpoints}");
        b.assert_clean("docs").await;
    });
}

const HOSTILE: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "</textarea><b id=\"injected\">bold</b>",
];

#[test]
#[ignore = "needs Chromium and chromedriver (scripts/test-all.sh installs them)"]
fn hostile_articles_render_as_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("r.db").display());
    let s = serve(&db, &[]);
    let text = format!(
        "US Secretary of State Antony Blinken met Chinese officials in Beijing on Monday. {} \
         \"We will not accept {}\", Blinken said. China's foreign ministry {} said the talks {} \
         were candid.",
        HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]
    ) + HOSTILE[4];
    // stored with a hostile title and a javascript: URL, to be shown by every page
    let article = json!({
        "id": "hostile<script>alert(1)</script>",
        "title": format!("Title {}", HOSTILE[1]),
        "url": "javascript:alert(document.domain)",
        "published": "2023-06-06",
        "text": text,
    });
    let stored = agent()
        .post(format!("{}/api/code?store=true", s.base))
        .header("Content-Type", "application/json")
        .send(article.to_string())
        .unwrap();
    assert_eq!(stored.status().as_u16(), 200);
    chromium_test(move |b| async move {
        let inert = |page: &'static str| {
            let b = &b;
            async move {
                let injected = b
                    .js(
                        "return document.querySelectorAll(
                           'main img, main svg, main iframe, #injected, \
                            a[href^=\"javascript:\"], main script').length;",
                        vec![],
                    )
                    .await;
                assert_eq!(
                    injected,
                    json!(0),
                    "{page}: markup from the article was built"
                );
                b.assert_clean(page).await;
            }
        };

        b.code_on_read_page(&s.base, &text, "2023-06-06", HOSTILE[0])
            .await;
        let shown = b.text("#text").await;
        for payload in &HOSTILE[..4] {
            assert!(shown.contains(payload), "{payload} not shown as text");
        }
        b.screenshot("xss-read").await;
        inert("read").await;

        b.client.goto(&format!("{}/corpus", s.base)).await.unwrap();
        b.wait_for("#latest li a").await;
        b.js(
            "location.href = '/documents/' + encodeURIComponent(arguments[0]);",
            vec![article["id"].clone()],
        )
        .await;
        b.wait_for("#text .entity").await;
        let title = b.text("#doc-title").await;
        assert_eq!(title, format!("Title {}", HOSTILE[1]));
        b.screenshot("xss-document").await;
        inert("document").await;

        b.client
            .goto(&format!("{}/corpus?q=alert", s.base))
            .await
            .unwrap();
        b.wait_for("#hits li").await;
        b.screenshot("xss-corpus").await;
        inert("corpus").await;
    });
}
