//! `brief serve`: a live preview of one report in the browser.
//!
//! The same rebuild loop as `brief watch`, without writing files: after each
//! rebuild the pages are exported as SVG (only those whose layout changed)
//! and the new state is pushed to every open preview tab over server-sent
//! events ([`http`]). The tab swaps the changed pages in place and shows the
//! problems over the last good pages while the input is broken. The server
//! listens on 127.0.0.1 unless told otherwise.

pub(crate) mod http;
pub(crate) mod pages;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::watch::rebuild;
use super::watch::{Warnings, clock, end_on_unknown_report, failed, print_problems, settings, stop_on_ctrl_c};
use super::{Outcome, Printer};
use crate::cli::{Global, ServeArgs};
use crate::diag::Style;
use crate::watcher::{Wake, Watcher};
use pages::{PageCache, State};

pub(crate) fn run(global: &Global, args: &ServeArgs, start: &Path) -> anyhow::Result<Outcome> {
    let printer = Printer::new(global);
    let server =
        tiny_http::Server::http((args.host, args.port)).map_err(|e| anyhow::anyhow!("{e}")).with_context(|| {
            format!("cannot listen on {}:{} (pass another --port, or --port 0 for a free one)", args.host, args.port)
        })?;
    let server = Arc::new(server);
    let port = server.server_addr().to_ip().map(|a| a.port()).context("the server has no IP address")?;
    if !args.host.is_loopback() {
        printer.warning(&format!("listening on {}: anyone who can reach this machine can read the brief", args.host));
    }
    let hub = Arc::new(http::Hub::default());
    hub.publish(serde_json::to_string(&State::default())?, &Default::default());
    let thread = {
        let (server, hub) = (Arc::clone(&server), Arc::clone(&hub));
        let hosts = http::Hosts::new(args.host, port);
        std::thread::Builder::new().name("preview-server".into()).spawn(move || http::serve(server, hub, hosts))?
    };
    let host = if args.host.is_ipv6() { format!("[{}]", args.host) } else { args.host.to_string() };
    // The URL goes to standard output, alone on its line, for scripts and tests.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "http://{host}:{port}/").and_then(|()| out.flush());
    }
    let mut preview =
        Preview { hub, cache: PageCache::default(), state: State::default(), warnings: Warnings::default() };
    let mut rebuilder = rebuild::Rebuilder::new(start, settings(&args.watch, true));
    let first = rebuilder.rebuild(&[]);
    if let Some(outcome) = end_on_unknown_report(&printer, &first) {
        server.unblock();
        let _ = thread.join();
        return Ok(outcome);
    }
    let mut watcher = Watcher::new(first.folders.clone())?;
    stop_on_ctrl_c(watcher.stopper());
    printer.status(&format!("serving a preview of {} (Ctrl-C to stop)", first.folders.root.display()));
    preview.report(&printer, first)?;
    loop {
        match watcher.wait() {
            Wake::Stop => break,
            Wake::Changed(paths) => {
                let r = rebuilder.rebuild(&paths);
                watcher.follow(r.folders.clone());
                preview.report(&printer, r)?;
            }
        }
    }
    server.unblock();
    let _ = thread.join();
    printer.status("stopped serving");
    Ok(Outcome::Success)
}

/// The preview's state across rebuilds.
struct Preview {
    hub: Arc<http::Hub>,
    cache: PageCache,
    state: State,
    warnings: Warnings,
}

impl Preview {
    /// Exports the new pages, publishes the new state and prints a status line.
    fn report(&mut self, printer: &Printer, r: rebuild::Rebuild) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let plain = Style { color: false };
        let state = &mut self.state;
        state.generation += 1;
        match &r.result {
            Ok(good) => {
                state.ok = true;
                state.report = good.rendered.spec.id.clone();
                state.title = good.rendered.spec.title.clone();
                state.period = good.period.clone();
                state.pages = self.cache.update(&good.rendered.document);
                state.outline = pages::outline(&good.rendered.document);
                state.errors.clear();
                state.warnings = good.warnings.render(plain);
            }
            Err(problems) => {
                state.ok = false;
                state.errors = problems.render(plain);
            }
        }
        // The time includes exporting the changed pages.
        let elapsed = r.elapsed + started.elapsed();
        state.elapsed_ms = elapsed.as_millis();
        self.hub.publish(serde_json::to_string(&state)?, self.cache.svgs());
        match &r.result {
            Ok(good) => {
                self.warnings.print(printer, &good.warnings);
                let event = serde_json::json!({
                    "event": "rebuilt", "report": state.report, "period": state.period,
                    "pages": state.pages.len(), "ms": state.elapsed_ms, "warnings": state.warnings.len(),
                });
                printer.event_or(event, || {
                    Some(format!(
                        "{} rebuilt {} ({}, {}) in {} ms",
                        clock(),
                        state.report,
                        state.period,
                        super::plural(state.pages.len(), "page"),
                        elapsed.as_millis()
                    ))
                });
            }
            Err(problems) => {
                print_problems(printer, problems);
                let kept = if state.pages.is_empty() { "no pages yet" } else { "showing the last good pages" };
                failed(printer, problems, serde_json::json!({}), kept);
            }
        }
        Ok(())
    }
}
