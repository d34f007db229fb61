//! Fonts: the built-in ones first, installed ones for text they cannot draw,
//! `--no-system-fonts` and `fonts: embedded` for the same bytes everywhere,
//! the fonts in the manifest, and `brief fonts`.
//!
//! The tests in `installed_fonts` need fonts-noto-cjk, fonts-noto-color-emoji
//! and fonts-thai-tlwg (the Debian packages .ci/run installs) and are ignored
//! otherwise.

use crate::harness::*;

/// The names of the fonts a PDF embeds (BaseFont, without the subset tag).
fn embedded_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|t| t == b"Font"))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| {
            let name = String::from_utf8_lossy(n).into_owned();
            name.split_once('+').map_or(name.clone(), |(_, rest)| rest.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn without_system_fonts_two_builds_are_identical_and_embed_only_inter() {
    let p = Project::fixture("scripts");
    let run = p.run(&["build", "--no-system-fonts", "--out", "a"]);
    run.success();
    p.run(&["build", "--no-system-fonts", "--out", "b"]).success();
    let (a, b) = (p.read("a/2026-11/monthly-brief.pdf"), p.read("b/2026-11/monthly-brief.pdf"));
    assert!(a == b, "two builds with --no-system-fonts differ");
    // Only built-in fonts: Inter, and typst's DejaVu Sans Mono, which has some Arabic.
    let names = embedded_fonts(&a);
    assert!(names.iter().any(|n| n.starts_with("Inter-")), "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("Inter-") || n.starts_with("DejaVuSansMono")), "{names:?}");
    // Text no font can draw still warns, naming what to install.
    for needle in [
        "no font can draw \"京東\" in the field name of program `tokyo`",
        "apt install fonts-noto-cjk",
        "apt install fonts-thai-tlwg",
    ] {
        assert!(run.stderr.contains(needle), "no {needle:?} in:\n{}", run.stderr);
    }
}

#[test]
fn fonts_embedded_in_brief_yaml_gives_the_bytes_of_no_system_fonts() {
    let p = Project::fixture("scripts");
    p.run(&["build", "--no-system-fonts", "--out", "flag"]).success();
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: embedded\n{yaml}"));
    p.run(&["build", "--out", "setting"]).success();
    assert!(p.read("flag/2026-11/monthly-brief.pdf") == p.read("setting/2026-11/monthly-brief.pdf"));
}

#[test]
fn text_the_built_in_fonts_draw_never_depends_on_the_machine() {
    let p = Project::fixture("minimal");
    p.run(&["build", "--out", "system"]).success();
    p.run(&["build", "--no-system-fonts", "--out", "embedded"]).success();
    assert!(p.read("system/2026-11/monthly-brief.pdf") == p.read("embedded/2026-11/monthly-brief.pdf"));
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("system/2026-11/manifest.json")).unwrap();
    let fonts = manifest["fonts"].as_array().expect("the manifest lists the fonts");
    assert!(fonts.iter().all(|f| f["source"] == "builtin" && f["family"] == "Inter"), "{fonts:?}");
    assert!(
        fonts.iter().any(|f| f["file"] == "Inter-Regular.otf" && f["sha256"].as_str().is_some_and(|h| h.len() == 64))
    );
}

#[test]
fn fonts_embedded_beside_a_folder_named_embedded_warns_where_it_is_written() {
    let p = Project::fixture("minimal");
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: embedded\n{yaml}"));
    p.write("embedded/README.txt", "fonts would go here\n");
    let run = p.run(&["check"]);
    run.success();
    for needle in ["brief.yaml:1:8", "fonts: embedded means the built-in fonts only", "fonts: ./embedded"] {
        assert!(run.stderr.contains(needle), "no {needle:?} in:\n{}", run.stderr);
    }
}

#[test]
fn verify_names_a_font_that_changed() {
    let p = Project::fixture("minimal");
    std::fs::create_dir_all(p.path().join("fonts")).unwrap();
    std::fs::copy(repo().join("tests/fixtures/fonts/NotoSansCJKjp-Subset.otf"), p.path().join("fonts/Cjk.otf"))
        .unwrap();
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: fonts\n{yaml}"));
    p.write(
        "programs/tokyo.yaml",
        "name: 東京 Trust Program\nowner: 田中愛子\nstatus: green\nupdates:\n  2026-11: {}\n",
    );
    p.run(&["build"]).success();
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
    let font = manifest["fonts"].as_array().unwrap().iter().find(|f| f["source"] == "project").cloned();
    let font = font.expect("the project's font is recorded");
    assert_eq!(font["file"], "fonts/Cjk.otf");
    assert!(font["family"].as_str().unwrap().contains("Noto Sans CJK"), "{font}");
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
    let mut bytes = p.read("fonts/Cjk.otf");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(p.path().join("fonts/Cjk.otf"), bytes).unwrap();
    let run = p.run(&["verify", "out/2026-11/manifest.json"]);
    run.code(1);
    assert!(run.stderr.contains("changed  font fonts/Cjk.otf (Noto Sans CJK"), "{}", run.stderr);
}

#[test]
fn brief_fonts_lists_the_fonts_their_scripts_and_the_text_without_one() {
    let p = Project::fixture("scripts");
    let run = p.run(&["fonts", "--no-system-fonts"]);
    run.success();
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn brief_fonts_with_the_machines_fonts_lists_inter_for_latin_first() {
    let p = Project::fixture("scripts");
    let run = p.run(&["fonts"]);
    run.success();
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("Fonts of monthly-brief for 2026-11 (built-in, project and installed fonts):"));
    let inter = lines.next().unwrap_or_default();
    assert!(inter.contains("Inter") && inter.contains("built-in") && inter.contains("Latin"), "{}", run.stdout);
    // Whatever this machine has, each line of text without a font says what to install.
    let uncovered = run.stdout.lines().skip_while(|l| *l != "No font draws:").skip(1);
    for line in uncovered {
        assert!(line.contains("apt install fonts-"), "{line}");
    }
}

#[test]
fn watch_switched_to_fonts_embedded_writes_the_bytes_of_no_system_fonts() {
    use crate::watch::{FIRST_BUILD, Live, REBUILD};
    const REBUILT: &str = "rebuilt out/2026-11/monthly-brief.pdf in ";
    let p = Project::fixture("scripts");
    // (Not `--out embedded`: a folder of that name beside `fonts: embedded` warns.)
    p.run(&["build", "--no-system-fonts", "--out", "reference"]).success();
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(REBUILT, 1, FIRST_BUILD);
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: embedded\n{yaml}"));
    w.wait_for(REBUILT, 2, REBUILD);
    drop(w);
    // Fonts taken in from the machine by the first rebuild are gone.
    assert!(p.read("out/2026-11/monthly-brief.pdf") == p.read("reference/2026-11/monthly-brief.pdf"));
}

/// A project whose template draws an SVG like the charts do (text in
/// `font-family="Inter"`) holding Japanese text.
fn svg_text_project() -> Project {
    let p = Project::fixture("minimal");
    p.write("brief.yaml", "reports:\n  monthly-brief: {template: svg-text}\n");
    p.write(
        "report-templates/svg-text/main.typ",
        "#set text(font: \"Inter\")\nChart:\n#image(bytes(\"<svg xmlns='http://www.w3.org/2000/svg' width='200' height='30'>\
<text x='0' y='20' font-family='Inter' font-size='14'>Owner 田中愛子</text></svg>\"), format: \"svg\")\n",
    );
    p
}

/// Chart text is SVG that typst renders: characters Inter lacks fall back
/// through the same font book as the page text.
#[test]
fn svg_chart_text_in_other_scripts_falls_back_to_a_font_that_has_it() {
    let p = svg_text_project();
    std::fs::create_dir_all(p.path().join("fonts")).unwrap();
    std::fs::copy(repo().join("tests/fixtures/fonts/NotoSansCJKjp-Subset.otf"), p.path().join("fonts/Cjk.otf"))
        .unwrap();
    let yaml = String::from_utf8(p.read("brief.yaml")).unwrap();
    p.write("brief.yaml", &format!("fonts: fonts\n{yaml}"));
    p.run(&["build", "--no-system-fonts"]).success();
    let pdf = p.read("out/2026-11/monthly-brief.pdf");
    let names = embedded_fonts(&pdf);
    assert!(names.iter().any(|n| n.starts_with("NotoSansCJKjp")), "{names:?}");
    assert_pdf_has(&pdf_text(&pdf), "Owner 田中愛子");
}

/// Builds that use the fonts .ci/run installs (fonts-noto-cjk,
/// fonts-noto-color-emoji, fonts-thai-tlwg).
mod installed_fonts {
    use super::*;

    #[test]
    #[ignore = "needs fonts-noto-cjk, fonts-noto-color-emoji and fonts-thai-tlwg (installed by .ci/run)"]
    fn japanese_korean_chinese_thai_and_emoji_render_with_installed_fonts() {
        let p = Project::fixture("scripts");
        let run = p.run(&["build", "--strict"]);
        run.success();
        assert!(!run.stderr.contains("no font can draw"), "{}", run.stderr);
        let pdf = p.read("out/2026-11/monthly-brief.pdf");
        let names = embedded_fonts(&pdf);
        assert!(names.iter().any(|n| n.starts_with("NotoSansCJK")), "no CJK font embedded: {names:?}");
        assert!(names.iter().any(|n| n.starts_with("Inter-")), "{names:?}");
        // The templates set `font: "Inter"`; typst's fallback draws the rest.
        let text = pdf_text(&pdf);
        for needle in ["東京 Trust Program", "田中愛子", "김민준", "上海 Vendor Audit", "กรุงเทพ", "🚀"]
        {
            assert_pdf_has(&text, needle);
        }
        let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
        let system: Vec<&serde_json::Value> =
            manifest["fonts"].as_array().unwrap().iter().filter(|f| f["source"] == "system").collect();
        assert!(system.iter().any(|f| f["file"].as_str().unwrap().starts_with("NotoSansCJK")), "{system:?}");
        assert!(system.iter().any(|f| f["family"] == "Noto Color Emoji"), "{system:?}");
        assert!(system.iter().all(|f| !f["file"].as_str().unwrap().contains('/')), "machine paths: {system:?}");
        p.run(&["verify", "out/2026-11/manifest.json"]).success();
    }

    #[test]
    #[ignore = "needs fonts-noto-cjk, fonts-noto-color-emoji and fonts-thai-tlwg (installed by .ci/run)"]
    fn svg_chart_text_in_other_scripts_uses_an_installed_font() {
        let p = svg_text_project();
        p.run(&["build", "--strict"]).success();
        let names = embedded_fonts(&p.read("out/2026-11/monthly-brief.pdf"));
        assert!(names.iter().any(|n| n.starts_with("NotoSansCJK")), "{names:?}");
    }

    #[test]
    #[ignore = "needs fonts-noto-cjk, fonts-noto-color-emoji and fonts-thai-tlwg (installed by .ci/run)"]
    fn brief_fonts_names_the_installed_fonts_and_finds_every_character_one() {
        let p = Project::fixture("scripts");
        let run = p.run(&["fonts"]);
        run.success();
        assert!(run.stdout.contains("Every character has a font."), "{}", run.stdout);
        let cjk = run.stdout.lines().find(|l| l.contains("Noto Sans CJK")).unwrap_or_default();
        assert!(cjk.contains("system") && cjk.contains("Han") && cjk.contains("Hangul"), "{}", run.stdout);
        assert!(run.stdout.contains("Noto Color Emoji"), "{}", run.stdout);
    }
}
