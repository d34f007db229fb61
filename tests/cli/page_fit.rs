//! Program pages that run over (issue 18): a program page that cannot fit
//! one page runs on with text, never with a lone milestone chart.

use crate::harness::*;
use crate::templates::page_texts;

/// The pages whose header says they continue a program's page.
fn continuation_pages(pdf: &[u8]) -> Vec<(usize, String)> {
    let pages = page_texts(pdf);
    let continued = pages.into_iter().enumerate().filter(|(_, t)| squash(t).contains("(continued)"));
    continued.map(|(i, t)| (i + 1, t)).collect()
}

#[test]
fn no_program_page_runs_on_with_only_its_milestone_chart() {
    let p = Project::sample();
    p.run(&["build"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let pages = continuation_pages(&pdf);
    // The EU DSA page holds more than a page: what runs on is text.
    let dsa = pages.iter().find(|(_, t)| squash(t).contains("EUDigitalServicesActcompliance(continued)"));
    let (n, dsa) = dsa.expect("the EU DSA page runs on");
    assert!(squash(dsa).contains("2asksdecidedorwithdrawn."), "page {n} continues the asks:\n{dsa}");
    for (n, text) in &pages {
        let lower = squash(text).to_lowercase();
        assert!(!lower.contains("milestones:baselineagainstforecast"), "page {n} holds a milestone chart:\n{text}");
    }
}
