//! `brief serve`: the live preview over HTTP, checked with plain sockets,
//! and in headless Chromium (ignored unless Chromium is installed: `.ci/run`
//! installs it and runs `cargo test --release --test cli -- --ignored serve::`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::*;
use crate::watch::{FIRST_BUILD, Live, REBUILD, edit, save_by_rename};

const UPDATE: &str = "programs/alpha/2026-11.yaml";

/// An HTTP response: status, headers (lower-case names) and body.
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One HTTP/1.1 request over a fresh connection (closed after the reply).
pub(crate) fn request(port: u16, method: &str, path: &str, host: &str, body: Option<&str>) -> Reply {
    request_within(port, method, path, host, body, Duration::from_secs(30)).expect("a reply")
}

/// The same, with a limit on each wait for the reply; an error when the
/// reply does not come.
pub(crate) fn request_within(
    port: u16,
    method: &str,
    path: &str,
    host: &str,
    body: Option<&str>,
    wait: Duration,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts connections");
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if let Some(body) = body {
        head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    head.push_str(body.unwrap_or(""));
    stream.write_all(head.as_bytes()).unwrap();
    // Read the head, then exactly the body it announces (some servers keep the connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = stream.read(&mut buf)?;
        raw.extend_from_slice(&buf[..n]);
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            assert!(n > 0, "the connection closed before the reply's head");
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).map(|v| v.trim().parse::<usize>());
        let done = match length {
            Some(len) => raw.len() - split - 4 >= len.unwrap(),
            None if head.contains("transfer-encoding: chunked") => raw.ends_with(b"0\r\n\r\n"),
            None => n == 0,
        };
        if done {
            return Ok(parse_reply(&raw));
        }
    }
}

fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a reply with headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Reply { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let chunk = data.get(end + 2..end + 2 + size).expect("a complete chunk");
        out.extend_from_slice(chunk);
        data = data.get(end + 2 + size + 2..).unwrap_or_default();
    }
    out
}

pub(crate) fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path, &format!("127.0.0.1:{port}"), None)
}

/// Starts `brief serve --port 0 ARGS` and returns it with its port.
pub(crate) fn start_serve(p: &Project, args: &[&str]) -> (Live, u16) {
    let mut all = vec!["serve", "--port", "0"];
    all.extend_from_slice(args);
    let mut live = Live::start(p, &all);
    live.wait_until("the URL", FIRST_BUILD, |out, _| out.contains('\n'));
    let url = live.stdout().lines().next().unwrap().to_string();
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a loopback URL with a port: {url:?}"));
    (live, port)
}

/// The server-sent events of `/events`, read as they come.
struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        write!(stream, "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        Events { stream, buffer: String::new() }
    }

    /// The next `state` event whose JSON satisfies `want`, within `limit`.
    #[track_caller]
    fn next(&mut self, what: &str, limit: Duration, want: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    let state: Value = serde_json::from_str(data).expect("the event data is JSON");
                    if want(&state) {
                        return state;
                    }
                }
            }
            assert!(start.elapsed() < limit, "no event with {what} within {limit:?}; last read:\n{}", self.buffer);
            let mut buf = [0u8; 65536];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed while waiting for {what}"),
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(e) => panic!("reading the event stream: {e}"),
            }
        }
    }
}

fn outline_titles(state: &Value) -> Vec<String> {
    state["outline"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap().to_string()).collect()
}

fn generation(state: &Value) -> u64 {
    state["generation"].as_u64().unwrap()
}

#[test]
fn serve_shows_pages_and_pushes_rebuilds_and_problems() {
    let p = Project::fixture("minimal");
    let (mut live, port) = start_serve(&p, &[]);
    let mut events = Events::open(port);
    let first = events.next("the first build", FIRST_BUILD, |s| s["ok"] == true);
    assert_eq!(first["report"], "monthly-brief");
    assert_eq!(first["period"], "2026-11");
    let pages = first["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 5, "cover, summary, programs, the amber program's page, appendix");
    assert!(outline_titles(&first).contains(&"Alpha Program".to_string()), "{first}");
    assert_eq!(get(port, "/api/state").json()["generation"], first["generation"]);

    // The page, its script and a page's SVG; nothing from the disk.
    let index = get(port, "/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("/preview.js"));
    assert!(index.header("content-security-policy").unwrap().contains("default-src 'none'"));
    let hash = pages[0]["hash"].as_str().unwrap();
    let svg = get(port, &format!("/pages/{hash}.svg"));
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg"), "{}", &svg.text()[..100.min(svg.body.len())]);
    for path in ["/brief.yaml", "/programs/beta.yaml", "/pages/../brief.yaml", "/../../etc/passwd"] {
        assert_eq!(get(port, path).status, 404, "{path}");
    }
    // A page of another site cannot reach the preview through its own DNS name.
    assert_eq!(request(port, "GET", "/api/state", "attacker.example", None).status, 403);
    assert_eq!(request(port, "POST", "/api/state", &format!("localhost:{port}"), Some("{}")).status, 405);

    // An edit: a new state arrives by itself, with the new heading; unchanged pages keep their names.
    edit(&p, "programs/alpha/program.yaml", "name: Alpha Program", "name: Alpha Launch Program");
    let renamed = events.next("the renamed program", REBUILD, |s| {
        generation(s) > generation(&first) && outline_titles(s).contains(&"Alpha Launch Program".to_string())
    });
    let hashes = |s: &Value| -> Vec<String> {
        s["pages"].as_array().unwrap().iter().map(|p| p["hash"].as_str().unwrap().to_string()).collect()
    };
    let (before, after) = (hashes(&first), hashes(&renamed));
    assert_ne!(before, after, "some pages changed");
    assert_eq!(before[0], after[0], "the cover did not change");

    // Broken input: the problems, located, and the last good pages still there.
    let good = String::from_utf8(p.read(UPDATE)).unwrap();
    p.write(UPDATE, &good.replace("status: amber", "status: purple"));
    let broken = events.next("the problems", REBUILD, |s| s["ok"] == false);
    let errors = broken["errors"].as_array().unwrap();
    assert!(errors[0].as_str().unwrap().contains("programs/alpha/2026-11.yaml:1:9: error:"), "{broken}");
    assert_eq!(hashes(&broken), after, "the last good pages are still shown");
    live.wait_for("showing the last good pages", 1, REBUILD);

    // The fix, saved by rename: good again.
    save_by_rename(&p, UPDATE, &good);
    let fixed = events.next("the recovery", REBUILD, |s| s["ok"] == true && generation(s) > generation(&broken));
    assert!(fixed["errors"].as_array().unwrap().is_empty());
    assert!(!p.exists("out"), "serve writes no files");

    assert_eq!(live.interrupt(), 0, "Ctrl-C stops serve cleanly");
    assert!(live.stderr().ends_with("stopped serving\n"), "{}", live.stderr());
}

#[test]
fn serve_refuses_a_port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Project::fixture("minimal").run(&["serve", "--port", &port]);
    run.code(2);
    assert!(run.stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{}", run.stderr);
}

/// Chromium driven through chromedriver's WebDriver HTTP API.
mod browser {
    use super::*;

    /// A chromedriver process with one browser session; both end on drop.
    struct Driver {
        process: std::process::Child,
        port: u16,
        session: String,
        _profile: tempfile::TempDir,
    }

    impl Driver {
        /// Chromium now and then hangs while it starts in a container (the
        /// session request never answers); a second chromedriver and
        /// browser then start normally. Two tries, a minute each.
        fn start() -> Driver {
            match Driver::try_start() {
                Ok(driver) => driver,
                Err(first) => Driver::try_start()
                    .unwrap_or_else(|second| panic!("the browser did not start twice: {first}; then {second}")),
            }
        }

        fn try_start() -> Result<Driver, String> {
            let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
            let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let process = std::process::Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {chromedriver} ({e}); install chromium-driver"));
            let profile = tempfile::tempdir().unwrap();
            let mut driver = Driver { process, port, session: String::new(), _profile: profile };
            let start = Instant::now();
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(start.elapsed() < Duration::from_secs(30), "chromedriver did not start");
                std::thread::sleep(Duration::from_millis(50));
            }
            let args = [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
            ];
            let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            args.push(format!("--user-data-dir={}", driver._profile.path().display()));
            let capabilities = serde_json::json!({
                "capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": chromium, "args": args}
                }}
            });
            let host = format!("127.0.0.1:{port}");
            let body = capabilities.to_string();
            let reply = request_within(port, "POST", "/session", &host, Some(&body), Duration::from_secs(60))
                .map_err(|e| format!("no reply to the session request in 60 s ({e})"))?;
            let value = reply.json();
            assert_eq!(reply.status, 200, "WebDriver POST /session: {value}");
            driver.session = value["value"]["sessionId"].as_str().expect("a WebDriver session").to_string();
            Ok(driver)
        }

        fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
            let body = body.map(|b| b.to_string());
            let reply = request(self.port, method, path, &format!("127.0.0.1:{}", self.port), body.as_deref());
            let value = reply.json();
            assert_eq!(reply.status, 200, "WebDriver {method} {path}: {value}");
            value
        }

        fn go(&self, url: &str) {
            self.call("POST", &format!("/session/{}/url", self.session), Some(serde_json::json!({"url": url})));
        }

        /// Runs a script in the page and returns its value.
        fn eval(&self, script: &str) -> Value {
            let body = serde_json::json!({"script": script, "args": []});
            self.call("POST", &format!("/session/{}/execute/sync", self.session), Some(body))["value"].clone()
        }

        /// Polls a script until `want` holds for its value.
        #[track_caller]
        fn until(&self, what: &str, limit: Duration, script: &str, want: impl Fn(&Value) -> bool) -> Value {
            let start = Instant::now();
            loop {
                let value = self.eval(script);
                if want(&value) {
                    return value;
                }
                assert!(start.elapsed() < limit, "the page never showed {what}; last: {value}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }

    impl Drop for Driver {
        fn drop(&mut self) {
            if !self.session.is_empty() {
                let path = format!("/session/{}", self.session);
                let _ = std::panic::catch_unwind(|| {
                    request(self.port, "DELETE", &path, &format!("127.0.0.1:{}", self.port), None)
                });
            }
            let _ = self.process.kill();
            let _ = self.process.wait();
        }
    }

    /// What the test reads off the page.
    const LOOK: &str = "const img = document.querySelector('#page-1 img');
        return {
            generation: Number(document.body.dataset.generation || 0),
            pages: document.querySelectorAll('#pages .page').length,
            page1: img ? img.naturalWidth : 0,
            text: document.body.innerText,
            overlay: !document.getElementById('overlay').hidden,
            marker: window.__notReloaded === true,
        };";

    #[test]
    #[ignore = "needs Chromium; run by .ci/run"]
    fn the_preview_updates_in_the_browser_without_a_reload() {
        let p = Project::fixture("minimal");
        let (_live, port) = start_serve(&p, &[]);
        let driver = Driver::start();
        driver.go(&format!("http://127.0.0.1:{port}/"));
        let first = driver.until("page 1 and the program's name", FIRST_BUILD, LOOK, |v| {
            v["page1"].as_u64() > Some(0) && v["text"].as_str().unwrap_or("").contains("Alpha Program")
        });
        assert_eq!(first["pages"], 5, "cover, summary, programs, the amber program's page, appendix");
        assert_eq!(first["overlay"], false);
        // Set a mark in the page: a reload would wipe it.
        driver.eval("window.__notReloaded = true; return true;");

        edit(&p, "programs/alpha/program.yaml", "name: Alpha Program", "name: Alpha Launch Program");
        let renamed = driver.until("the new name", REBUILD, LOOK, |v| {
            v["text"].as_str().unwrap_or("").contains("Alpha Launch Program")
        });
        assert_eq!(renamed["marker"], true, "the page was updated in place, not reloaded");
        assert!(renamed["generation"].as_u64() > first["generation"].as_u64());

        let good = String::from_utf8(p.read(UPDATE)).unwrap();
        p.write(UPDATE, &good.replace("status: amber", "status: purple"));
        let broken = driver.until("the problems overlay", REBUILD, LOOK, |v| v["overlay"] == true);
        assert!(broken["text"].as_str().unwrap().contains("programs/alpha/2026-11.yaml:1:9"), "{broken}");
        assert_eq!(broken["pages"], 5, "the last good pages stay");

        save_by_rename(&p, UPDATE, &good);
        let fixed = driver.until("the overlay gone", REBUILD, LOOK, |v| v["overlay"] == false);
        assert_eq!(fixed["marker"], true, "still no reload");
        assert_eq!(fixed["page1"].as_u64().map(|w| w > 0), Some(true));
    }
}
