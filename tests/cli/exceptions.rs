//! Management by exception (FORMAT 1.1, `detail` and `group_by`): the
//! programs its rules select get a page, every other one a row; the brief
//! is grouped, and says how ratings moved and where the money is.

use crate::harness::{Project, assert_pdf_has, pdf_text, squash};
use crate::templates::{bookmarks, page_texts};

/// One program per exception rule, plus two that meet none: October and
/// November 2026, in three divisions.
fn portfolio(report: &str) -> Project {
    let p = Project::empty();
    p.write(
        "brief.yaml",
        &format!("title: Portfolio\nreports:\n  monthly-brief:\n    template: monthly-brief\n{report}"),
    );
    let program = |id: &str, base: &str, october: Option<&str>, november: &str| {
        p.write(&format!("programs/{id}/program.yaml"), &format!("owner: Ana\n{base}"));
        if let Some(oct) = october {
            p.write(&format!("programs/{id}/2026-10.yaml"), oct);
        }
        p.write(&format!("programs/{id}/2026-11.yaml"), november);
    };
    let green = "status: green\nsummary: Steady.\n";
    program(
        "red",
        "name: Redline\ndivision: Payments\nbudget: {amount: 12.5, unit: USD m}\n",
        Some("status: amber\nstatus_reason: Slow\n"),
        "status: red\nstatus_reason: Vendor gone\n",
    );
    program(
        "amber",
        "name: Amberly\ndivision: Payments\nbudget: {amount: 4, unit: USD m}\n",
        Some("status: amber\nstatus_reason: Slow\n"),
        "status: amber\nstatus_reason: Still slow\n",
    );
    program(
        "withheld",
        "name: Withheld One\ndivision: Legal\n",
        Some(green),
        "status: unrated\nstatus_reason: Withheld pending audit\n",
    );
    program("newcomer", "name: Newcomer\ndivision: Legal\n", None, green);
    program(
        "flagged",
        "name: Flagged Green\ndivision: Safety\nrisks:\n  - {id: r1, title: Regulator fine, likelihood: 5, impact: 4, owner: Bo, mitigation: Counsel}\n",
        Some(green),
        green,
    );
    program(
        "asking",
        "name: Asking Green\ndivision: Safety\nasks:\n  - {id: a1, title: Approve the vendor, kind: decision, owner: CFO, by: 2026-12-10}\n",
        Some(green),
        green,
    );
    program("steady", "name: Steady Green\ndivision: Safety\nbudget: {amount: 3, unit: USD m}\n", Some(green), green);
    program("done", "name: Done Deal\ndivision: Legal\n", Some(green), "status: complete\n");
    p
}

fn data(p: &Project) -> serde_json::Value {
    p.run(&["build", "--emit-bundle", "bundle"]).success();
    serde_json::from_slice(&p.read("bundle/data.json")).unwrap()
}

fn by_id<'a>(data: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    data["programs"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap()
}

fn with_page(data: &serde_json::Value) -> Vec<String> {
    let programs = data["programs"].as_array().unwrap();
    programs.iter().filter(|p| p["full_page"] == true).map(|p| p["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn attention_gives_each_rule_a_page_and_the_rest_a_row() {
    let p = portfolio("");
    let d = data(&p);
    let rules = |id: &str| by_id(&d, id)["exception"].clone();
    assert_eq!(rules("red"), serde_json::json!(["red", "worse"]));
    assert_eq!(rules("amber"), serde_json::json!(["amber"]));
    assert_eq!(rules("withheld"), serde_json::json!(["unrated"]));
    assert_eq!(rules("newcomer"), serde_json::json!(["new"]));
    assert_eq!(rules("flagged"), serde_json::json!(["flagged"]));
    assert_eq!(rules("asking"), serde_json::json!(["asks-due"]));
    assert_eq!(rules("steady"), serde_json::json!([]));
    let mut pages = with_page(&d);
    pages.sort();
    assert_eq!(pages, ["amber", "asking", "flagged", "newcomer", "red", "withheld"]);
    assert_eq!(d["totals"]["full_pages"], 6);
    assert_eq!(d["totals"]["rows"], 2);
    // The summary lists the exceptions most severe first: red, amber, unrated.
    let ranked: Vec<&str> = d["attention"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(&ranked[..3], ["red", "amber", "withheld"]);
    assert_eq!(d["attention_rest"][1], "1 amber, 3 green, 1 unrated");

    // Every program is in the PDF's outline: those with a page and those in a row.
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let marks = bookmarks(&pdf);
    for name in
        ["Redline", "Amberly", "Withheld One", "Newcomer", "Flagged Green", "Asking Green", "Steady Green", "Done Deal"]
    {
        assert!(marks.iter().any(|m| m.trim() == name), "no bookmark for {name}: {marks:#?}");
    }
    let text = pdf_text(&pdf);
    assert_pdf_has(&text, "Programs on track");
    assert_pdf_has(&text, "Page for: red, got worse");
}

#[test]
fn detail_all_none_and_a_list_of_rules() {
    let pages = |detail: &str| {
        let p = portfolio(&format!("    detail: {detail}\n"));
        let d = data(&p);
        let pdf = p.read("out/2026-11/monthly-brief.pdf");
        (with_page(&d).len(), page_texts(&pdf).len())
    };
    let (all, all_pages) = pages("all");
    let (none, none_pages) = pages("none");
    let (listed, _) = pages("[red, asks-due]");
    let (attention, attention_pages) = pages("attention");
    assert_eq!((all, none, listed, attention), (8, 0, 2, 6));
    assert!(none_pages < attention_pages && attention_pages < all_pages, "{none_pages} {attention_pages} {all_pages}");
}

#[test]
fn a_bad_detail_or_group_by_is_located_with_a_hint() {
    let p = portfolio("    detail: atention\n    group_by: divison\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains("brief.yaml:5:13"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `attention`?"), "{}", run.stderr);
    assert!(run.stderr.contains("brief.yaml:6:15"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `division`?"), "{}", run.stderr);
    let p = portfolio("    detail: [red, wrose]\n");
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains("brief.yaml:5:19") && run.stderr.contains("did you mean `worse`?"), "{}", run.stderr);
}

#[test]
fn group_by_sections_the_brief_and_the_glance_page_shows_moves_and_money() {
    let p = portfolio("    group_by: division\n");
    let d = data(&p);
    let groups: Vec<(&str, u64)> = d["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["name"].as_str().unwrap(), g["programs"].as_u64().unwrap()))
        .collect();
    assert_eq!(groups, [("Legal", 3), ("Payments", 2), ("Safety", 3)]);
    let payments = &d["groups"][1];
    assert_eq!(payments["mix_label"], "1 red, 1 amber");
    assert_eq!(payments["attention"], serde_json::json!(["red", "amber"]));
    // Programs are ordered by group, then by status.
    let order: Vec<&str> = d["programs"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(&order[..3], ["newcomer", "withheld", "done"]);
    // Status then against status now.
    let moves = &d["transitions"]["moves"];
    assert!(moves.as_array().unwrap().iter().any(|m| m == "1 amber → red"), "{moves}");
    assert!(moves.as_array().unwrap().iter().any(|m| m == "1 green → complete"), "{moves}");
    assert_eq!(d["movement"]["entered"], serde_json::json!(["newcomer"]));
    assert_eq!(d["movement"]["left"], serde_json::json!(["done"]));
    let red_money = d["money"].as_array().unwrap().iter().find(|m| m["status"] == "red").unwrap();
    assert_eq!(red_money["label"], "USD 12.5m");
    assert_eq!(red_money["percent"], 64);

    let pages = page_texts(&p.read("out/2026-11/monthly-brief.pdf"));
    let glance = squash(&pages[2]).to_lowercase();
    for needle in [
        "Portfolio at a glance",
        "By division",
        "Budget by status",
        "USD 12.5m",
        "Entered (1): Newcomer",
        "Completed or paused (1): Done Deal",
    ] {
        assert!(glance.contains(&squash(needle).to_lowercase()), "page 3 has no {needle:?}:\n{}", pages[2]);
    }
}

#[test]
fn a_list_of_programs_cut_short_says_where_the_rest_are() {
    // Fourteen programs complete in November: the glance page names twelve
    // and says where the other two are (each has its row in the programs
    // table), never a bare "and 2 more".
    let p = Project::empty();
    p.write(
        "brief.yaml",
        "title: Portfolio\nreports:\n  monthly-brief:\n    template: monthly-brief\n    group_by: division\n",
    );
    for i in 1..=14 {
        p.write(
            &format!("programs/p{i:02}/program.yaml"),
            &format!("name: Wind-down {i:02}\nowner: Ana\ndivision: Ops\n"),
        );
        p.write(&format!("programs/p{i:02}/2026-10.yaml"), "status: green\nsummary: Steady.\n");
        p.write(&format!("programs/p{i:02}/2026-11.yaml"), "status: complete\n");
    }
    p.write("programs/live/program.yaml", "name: Still Running\nowner: Bo\ndivision: Ops\n");
    p.write("programs/live/2026-10.yaml", "status: amber\nstatus_reason: Slow\n");
    p.write("programs/live/2026-11.yaml", "status: amber\nstatus_reason: Still slow\n");
    let d = data(&p);
    let left: Vec<&str> = d["movement"]["left"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(left.len(), 14, "{left:?}");

    let pages = page_texts(&p.read("out/2026-11/monthly-brief.pdf"));
    let glance = squash(&pages[2]);
    assert!(glance.contains(&squash("Completed or paused (14):")), "{}", pages[2]);
    assert!(glance.contains(&squash("and 2 more, all in the programs table")), "{}", pages[2]);
    // The two not named there are where the line says.
    let rest: String = pages[3..].concat();
    for id in &left[12..] {
        let name = by_id(&d, id)["name"].as_str().unwrap();
        assert!(!glance.contains(&squash(name)), "{name} should be one of the two not named on page 3");
        assert!(squash(&rest).contains(&squash(name)), "{name} is in no table after page 3");
    }
}

#[test]
fn quality_notes_are_grouped_by_check_and_source_files_are_for_drafts() {
    let p = portfolio("");
    // Red and amber without a recovery path: one check, two programs.
    let d = data(&p);
    let group = d["quality_groups"].as_array().unwrap().iter().find(|g| g["code"] == "no-recovery-path");
    let group = group.unwrap_or_else(|| panic!("no no-recovery-path group: {}", d["quality_groups"]));
    assert_eq!((group["count"].as_u64(), group["programs"].as_u64()), (Some(2), Some(2)));
    let final_text = pdf_text(&p.read("out/2026-11/monthly-brief.pdf"));
    assert_pdf_has(&final_text, "and 1 more like it");
    assert!(!final_text.contains("Source files"), "a final brief lists its source files");
    p.run(&["build", "--draft"]).success();
    assert_pdf_has(&pdf_text(&p.read("out/2026-11/monthly-brief.pdf")), "Source files");
}
