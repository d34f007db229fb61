//! The preview's HTTP server: the page and its script, the state as JSON,
//! the page SVGs, and a server-sent-event stream that announces rebuilds.
//!
//! Everything served is in memory: the assets are built into the binary and
//! the pages come from the last rebuild, so no file on disk is ever served.
//! Requests whose `Host` is not this machine are refused, so a web page on
//! another site cannot read the brief through a DNS name pointing here.
//!
//! tiny_http is synchronous: one thread accepts requests and each request
//! gets its own short-lived thread (an event stream keeps its thread while
//! the browser tab is open). A local preview has a handful of clients.

use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

const INDEX: &str = include_str!("preview.html");
const SCRIPT: &str = include_str!("preview.js");
const STYLE: &str = include_str!("preview.css");

/// How often an idle event stream sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Content-Security-Policy of every response: only this server's script,
/// style and images, no other origin.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What the server shows, replaced after every rebuild.
#[derive(Default)]
pub(crate) struct Hub {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The state as JSON.
    state: Arc<String>,
    /// Page SVGs by hash: the current pages and those of the build before
    /// (a browser may still be fetching those).
    svgs: HashMap<String, Arc<String>>,
    previous: HashMap<String, Arc<String>>,
    clients: Vec<Sender<Arc<String>>>,
}

impl Hub {
    /// Replaces the state and the pages and tells every open event stream.
    pub(crate) fn publish(&self, state: String, svgs: &HashMap<String, Arc<String>>) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let state = Arc::new(state);
        inner.state = Arc::clone(&state);
        if *svgs != inner.svgs {
            inner.previous = std::mem::replace(&mut inner.svgs, svgs.clone());
        }
        inner.clients.retain(|c| c.send(Arc::clone(&state)).is_ok());
    }

    fn state(&self) -> Arc<String> {
        Arc::clone(&self.inner.lock().unwrap_or_else(|e| e.into_inner()).state)
    }

    fn svg(&self, hash: &str) -> Option<Arc<String>> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.svgs.get(hash).or_else(|| inner.previous.get(hash)).cloned()
    }

    /// A new event stream: the current state first, then every new one.
    fn subscribe(&self) -> (Arc<String>, Receiver<Arc<String>>) {
        let (tx, rx) = channel();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.clients.push(tx);
        (Arc::clone(&inner.state), rx)
    }
}

/// The names this server answers to (`Host` header) and its port.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    /// None: any name (the server listens on every address of the machine).
    pub(crate) names: Option<Vec<String>>,
    pub(crate) port: u16,
}

impl Hosts {
    /// localhost under its usual names, and the address the server is bound
    /// to; any name when it listens on all addresses (`--host 0.0.0.0`),
    /// which already shows the brief to the network.
    pub(crate) fn new(bound: std::net::IpAddr, port: u16) -> Hosts {
        if bound.is_unspecified() {
            return Hosts { names: None, port };
        }
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).to_vec();
        let bound = if bound.is_ipv6() { format!("[{bound}]") } else { bound.to_string() };
        if !names.contains(&bound) {
            names.push(bound);
        }
        Hosts { names: Some(names), port }
    }

    /// Whether a `Host` header names this server (a DNS name of another
    /// site that points here would not).
    fn allow(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (host.as_str(), Some(80)),
        };
        let known = self.names.as_ref().is_none_or(|names| names.iter().any(|n| n == name));
        port == Some(self.port) && known
    }
}

/// Answers requests until the server is unblocked.
pub(crate) fn serve(server: Arc<Server>, hub: Arc<Hub>, hosts: Hosts) {
    while let Ok(request) = server.recv() {
        let hub = Arc::clone(&hub);
        let hosts = hosts.clone();
        let spawned = std::thread::Builder::new().name("preview-request".into()).spawn(move || {
            handle(request, &hub, &hosts);
        });
        if spawned.is_err() {
            // Out of threads: the request is dropped and tiny_http answers 500.
            continue;
        }
    }
}

fn handle(request: Request, hub: &Hub, hosts: &Hosts) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if !host.is_some_and(|h| hosts.allow(&h)) {
        let _ = request.respond(with_cache(
            text(403, "text/plain", "this preview only answers requests for localhost\n"),
            "no-store",
        ));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text(405, "text/plain", "only GET\n").with_header(header("Allow", "GET, HEAD")));
        return;
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    let response = match path.as_str() {
        "/" | "/index.html" => text(200, "text/html; charset=utf-8", INDEX),
        "/preview.js" => text(200, "text/javascript; charset=utf-8", SCRIPT),
        "/preview.css" => text(200, "text/css; charset=utf-8", STYLE),
        "/api/state" => text(200, "application/json", &hub.state()),
        "/events" => return events(request, hub),
        _ => match page_hash(&path).and_then(|h| hub.svg(h)) {
            // A page's content never changes under its name.
            Some(svg) => return drop(request.respond(with_cache(text(200, "image/svg+xml", &svg), CACHE_PAGE))),
            None => text(404, "text/plain", "not found\n"),
        },
    };
    let response = with_cache(response, "no-store");
    let _ = request.respond(response);
}

/// `/pages/<32 hex digits>.svg` → the hash.
fn page_hash(path: &str) -> Option<&str> {
    let hash = path.strip_prefix("/pages/")?.strip_suffix(".svg")?;
    (hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

/// A server-sent-event stream: one `state` event per rebuild.
fn events(request: Request, hub: &Hub) {
    let (first, rx) = hub.subscribe();
    let mut out = request.into_writer();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\nContent-Security-Policy: {CSP}\r\nConnection: close\r\n\r\nretry: 1000\n\n"
    );
    if out.write_all(head.as_bytes()).and_then(|()| send(&mut out, &first)).is_err() {
        return;
    }
    loop {
        let sent = match rx.recv_timeout(KEEPALIVE) {
            Ok(state) => send(&mut out, &state),
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n").and_then(|()| out.flush()),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

fn send(out: &mut impl Write, state: &str) -> std::io::Result<()> {
    // The JSON has no raw line breaks, so it fits one `data:` line.
    write!(out, "event: state\ndata: {state}\n\n")?;
    out.flush()
}

/// Cache-Control of a page SVG: its name is its content's hash.
const CACHE_PAGE: &str = "private, max-age=31536000, immutable";

fn with_cache(response: Response<std::io::Cursor<Vec<u8>>>, value: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    response.with_header(header("Cache-Control", value))
}

fn text(status: u16, content_type: &str, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Content-Security-Policy", CSP))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_host_names_are_answered() {
        let hosts = Hosts::new([127, 0, 0, 1].into(), 3000);
        for yes in ["127.0.0.1:3000", "localhost:3000", "LOCALHOST:3000", "[::1]:3000"] {
            assert!(hosts.allow(yes), "{yes}");
        }
        for no in ["evil.example:3000", "127.0.0.1:3001", "localhost", "127.0.0.1.evil.example:3000", ""] {
            assert!(!hosts.allow(no), "{no}");
        }
        assert!(Hosts::new([192, 168, 1, 5].into(), 80).allow("192.168.1.5"));
        assert!(!Hosts::new([192, 168, 1, 5].into(), 80).allow("evil.example"));
        assert!(Hosts::new([0, 0, 0, 0].into(), 80).allow("my-laptop.local"));
    }

    #[test]
    fn page_names_are_hashes_only() {
        assert_eq!(page_hash("/pages/0123456789abcdef0123456789abcdef.svg"), Some("0123456789abcdef0123456789abcdef"));
        for bad in
            ["/pages/../brief.yaml", "/pages/x.svg", "/pages/0123456789abcdef0123456789abcdef.svg/..", "/etc/passwd"]
        {
            assert_eq!(page_hash(bad), None, "{bad}");
        }
    }
}
