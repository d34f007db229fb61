//! Narrative for partners: an external report prints `external_summary`
//! and `external_status_reason` in place of the narrative written for
//! leadership, and never that narrative itself; an internal report ignores
//! the external fields. A program an external report shows without text for
//! partners gets a warning at its internal text.

use crate::harness::*;

/// Words only the narrative written for leadership holds.
const LEADERSHIP: &[&str] =
    &["LEADREASON", "LEADSUMMARY", "LEADOCTOBER", "UNWRITTENREASON", "UNWRITTENSUMMARY", "SILENTSUMMARY"];
/// Words only the text written for partners holds.
const PARTNERS: &[&str] = &["PARTNERREASON", "PARTNERSUMMARY", "PARTNEROCTOBER"];

fn holds<'a>(haystack: &str, words: &[&'a str]) -> Vec<&'a str> {
    words.iter().copied().filter(|w| haystack.contains(w)).collect()
}

#[test]
fn external_reports_print_the_text_for_partners_and_internal_ones_the_narrative() {
    let p = Project::fixture("external-text");
    p.run(&["build", "--period", "2026-11", "--emit-bundle", "bundle"]).success();
    for report in ["partners", "partners-monthly"] {
        let data = String::from_utf8(p.read(&format!("bundle/{report}/data.json"))).unwrap();
        assert_eq!(holds(&data, LEADERSHIP), Vec::<&str>::new(), "{report}: data.json holds internal narrative");
        assert_eq!(holds(&data, PARTNERS), PARTNERS, "{report}: data.json lacks the text for partners");
    }
    p.run(&["build", "--period", "2026-11"]).success();
    let text = |report: &str| squash(&pdf_text(&p.read(&format!("out/2026-11/{report}.pdf"))));
    let (partners, monthly, leadership) = (text("partners"), text("partners-monthly"), text("leadership"));
    for pdf in [&partners, &monthly] {
        assert_eq!(holds(pdf, LEADERSHIP), Vec::<&str>::new(), "an external PDF prints internal narrative");
    }
    // The partner brief prints the status reason; the monthly brief's page the summary as well.
    assert_eq!(holds(&partners, PARTNERS), ["PARTNERREASON"]);
    assert_eq!(holds(&monthly, &PARTNERS[..2]), &PARTNERS[..2]);
    assert_eq!(holds(&leadership, PARTNERS), Vec::<&str>::new(), "the internal brief prints text for partners");
    assert_eq!(
        holds(&leadership, &["LEADREASON", "LEADSUMMARY", "UNWRITTENREASON"]),
        ["LEADREASON", "LEADSUMMARY", "UNWRITTENREASON"]
    );
}

#[test]
fn narrative_without_text_for_partners_is_left_out_with_a_located_warning() {
    let p = Project::fixture("external-text");
    let check = p.run(&["check"]);
    check.success();
    for (line, field, external) in [
        ("programs/unwritten.yaml:6:20", "status_reason", "external_status_reason"),
        ("programs/unwritten.yaml:7:14", "summary", "external_summary"),
    ] {
        for report in ["partners", "partners-monthly"] {
            let expected = format!(
                "{line}: warning: external report `{report}` leaves out the {field} of program `unwritten`: it has no {external}"
            );
            assert!(check.stderr.contains(&expected), "missing {expected:?} in\n{}", check.stderr);
        }
    }
    // Written for partners, or left empty on purpose: nothing to warn about.
    assert_eq!(check.stderr.matches("leaves out the").count(), 4, "{}", check.stderr);
    // A text for partners kept from October while November rewrote the
    // internal reason: warned at the old text, with the new one as a note.
    let outdated = "programs/outdated.yaml:7:29: warning: external report `partners` prints the external_status_reason \
                    of program `outdated` from before its status_reason was rewritten";
    assert!(check.stderr.contains(outdated), "missing {outdated:?} in\n{}", check.stderr);
    assert!(check.stderr.contains("note: programs/outdated.yaml:10:20: the status_reason was rewritten here"));
    assert_eq!(check.stderr.matches("from before its").count(), 2, "{}", check.stderr);
    p.run(&["check", "--strict"]).code(3);
    // A draft build warns the same way, and prints nothing of that narrative.
    let draft = p.run(&["build", "--period", "2026-11", "--draft"]);
    draft.success();
    assert!(
        draft
            .stderr
            .contains("programs/unwritten.yaml:7:14: warning: external report `partners` leaves out the summary"),
        "{}",
        draft.stderr
    );
    let monthly = squash(&pdf_text(&p.read("out/2026-11/partners-monthly.pdf")));
    assert!(monthly.contains("UnwrittenProgram"), "the program itself is still shown");
    assert_eq!(holds(&monthly, LEADERSHIP), Vec::<&str>::new());
}

#[test]
fn a_wrongly_typed_external_field_is_located() {
    let p = Project::fixture("external-text");
    p.write(
        "programs/silent.yaml",
        "name: Silent Program\nowner: Cy Owner\nexternal_status_reason: [one, two]\n\
         updates:\n  2026-11:\n    status: green\n    external_summary: {text: Shared}\n",
    );
    let check = p.run(&["check"]);
    check.code(1);
    for expected in [
        "programs/silent.yaml:3:25: error: external_status_reason must be text (found a list)",
        "programs/silent.yaml:7:23: error: external_summary must be text (found a mapping)",
    ] {
        assert!(check.stderr.contains(expected), "missing {expected:?} in\n{}", check.stderr);
    }
    p.run(&["build", "--period", "2026-11"]).code(1);
    assert!(!p.exists("out/2026-11/partners.pdf"), "nothing is written when the input is wrong");
}

#[test]
fn the_sample_partner_brief_holds_no_internal_narrative() {
    let p = Project::sample();
    p.run(&["build", "--report", "partner-brief", "--emit-bundle", "bundle"]).success();
    p.run(&["build", "--report", "partner-brief"]).success();
    let data = String::from_utf8(p.read("bundle/data.json")).unwrap();
    let pdf = squash(&pdf_text(&p.read("out/2026-11/partner-brief.pdf")));
    // Decision dates, legal advice and internal approvals of the sample's narrative.
    for internal in [
        "needs a decision by 5 Dec",
        "which Legal confirms is defensible",
        "decision by 15 Dec",
        "needs approval by 9 Dec",
        "which we ask leadership to approve",
        "Leadership approved mandatory step-up 2FA",
    ] {
        assert!(!data.contains(internal), "the partner brief's data holds {internal:?}");
        assert!(!pdf.contains(&squash(internal)), "the partner brief prints {internal:?}");
    }
    for external in [
        "Re-certification of high-volume sellers under the INFORM Consumers Act is behind plan",
        "extra review capacity starts on 2 December",
        "Age assurance for UK users is now expected on 26 February",
    ] {
        assert!(pdf.contains(&squash(external)), "the partner brief lacks {external:?}");
    }
    let check = p.run(&["check"]);
    check.success();
    assert!(!check.stderr.contains("leaves out the"), "the sample lacks text for partners:\n{}", check.stderr);
}

#[test]
fn a_new_update_carries_the_texts_for_partners_and_warns_of_nothing_rewritten() {
    let p = Project::fixture("external-text");
    p.write("programs/folder/program.yaml", "name: Folder Program\nowner: Ed Owner\n");
    p.write(
        "programs/folder/2026-11.yaml",
        "status: amber\nstatus_reason: Internal reason.\nexternal_status_reason: Reason for partners.\n\
         summary: Internal summary.\nexternal_summary: Summary for partners.\n",
    );
    p.run_env(&["new", "update", "folder", "--period", "2026-12"], &[("BRIEF_TODAY", "2026-12-02")]).success();
    let update = String::from_utf8(p.read("programs/folder/2026-12.yaml")).unwrap();
    assert!(update.contains("external_status_reason: Reason for partners."), "{update}");
    assert!(update.contains("external_summary: Summary for partners."), "{update}");
    let check = p.run(&["check", "--period", "2026-12"]);
    assert!(!check.stderr.contains("program `folder` from before"), "{}", check.stderr);
    // The same internal text written again by hand is no rewrite either.
    p.write(
        "programs/outdated.yaml",
        "name: Outdated Program\nowner: Di Owner\nupdates:\n  2026-10:\n    status: amber\n    status_reason: Same.\n    \
         external_status_reason: For partners.\n  2026-11:\n    status: amber\n    status_reason: Same.\n",
    );
    let check = p.run(&["check", "--period", "2026-11"]);
    assert!(!check.stderr.contains("program `outdated` from before"), "{}", check.stderr);
}
