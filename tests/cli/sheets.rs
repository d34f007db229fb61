//! `values_from` (FORMAT.md 6.3): metric values read from XLSX, ODS and CSV
//! files of the project, on the fixture workbooks of tests/fixtures/sheets
//! (written by openpyxl and LibreOffice; its README says how).

use crate::harness::{Project, repo};

const BRIEF: &str = "title: Sheets\norganization: Test Org\nreports:\n  monthly-brief:\n    title: Brief\n";

/// A project whose one program `ce` has these metrics (YAML list items,
/// indented by four), with the sheet fixtures under `data/`.
fn project(metrics: &str) -> Project {
    let p = Project::empty();
    p.write("brief.yaml", BRIEF);
    let program = format!(
        "name: CE\nowner: O\nstatus: green\nmetrics:\n{metrics}updates:\n  2026-11:\n    summary: Going well.\n"
    );
    p.write("programs/ce.yaml", &program);
    for file in ["kpis.xlsx", "kpis.ods", "bom.csv", "european.csv", "bomb.xlsx"] {
        std::fs::create_dir_all(p.path().join("data")).unwrap();
        std::fs::copy(repo().join("tests/fixtures/sheets").join(file), p.path().join("data").join(file)).unwrap();
    }
    p
}

/// The (period, value) pairs of each metric in the brief's data.
fn values(p: &Project) -> Vec<(String, Vec<(String, f64)>)> {
    p.run(&["build", "--period", "2026-11", "--emit-bundle", "bundle"]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let metrics = data["programs"][0]["metrics"].as_array().expect("the program's metrics").clone();
    metrics
        .iter()
        .map(|m| {
            let vals = m["values"].as_array().unwrap().iter();
            let pairs = vals.map(|v| (v["key"].as_str().unwrap().to_string(), v["value"].as_f64().unwrap()));
            (m["id"].as_str().unwrap().to_string(), pairs.collect())
        })
        .collect()
}

fn series(pairs: &[(&str, f64)]) -> Vec<(String, f64)> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn values_come_from_xlsx_ods_and_csv_and_the_yaml_wins() {
    let p = project(concat!(
        "  - id: xlsx\n",
        "    values:\n      2026-09: 99\n",
        "    values_from: {file: data/kpis.xlsx, sheet: Takedowns, period: Month, value: Rate, where: {Program: ce}}\n",
        "  - id: ods\n",
        "    values_from: {file: data/kpis.ods, period: Month, value: Share, where: {Program: ce}}\n",
        "  - id: bom\n",
        "    values_from: {file: data/excel.csv, period: Month, value: Rate}\n",
        "  - id: semicolon\n",
        "    values_from: {file: data/german.csv, period: Monat, value: Quote, where: {Programm: ce}}\n",
        "  - id: serials\n",
        "    values_from: {file: data/serials.csv, period: Day, value: Count}\n",
    ));
    p.write("data/excel.csv", "\u{feff}Month,Rate\r\n2026-10,\"1,234.5\"\r\n2026-11,87.5%\r\n2026-12,\r\n");
    p.write("data/german.csv", "Programm;Monat;Quote\nce;31.10.2026;1.234,5\nxx;31.10.2026;7\nce;30.11.2026;87,5 %\n");
    p.write("data/serials.csv", "Day,Count\n46325,3\n46356,4\n");
    // Periods from date cells, a serial number (B5) and a `YYYY-MM` text;
    // the row of another program is left out; 2026-09 is the YAML's.
    let xlsx =
        series(&[("2026-07", 10.5), ("2026-08", 11.0), ("2026-09", 99.0), ("2026-10", 13.0), ("2026-11", 1234.5)]);
    let share =
        series(&[("2026-07", 87.5), ("2026-08", 90.0), ("2026-09", 91.5), ("2026-10", 92.0), ("2026-11", 87.5)]);
    assert_eq!(
        values(&p),
        vec![
            ("xlsx".to_string(), xlsx),
            ("ods".to_string(), share),
            ("bom".to_string(), series(&[("2026-10", 1234.5), ("2026-11", 87.5)])),
            ("semicolon".to_string(), series(&[("2026-10", 1234.5), ("2026-11", 87.5)])),
            ("serials".to_string(), series(&[("2026-10", 3.0), ("2026-11", 4.0)])),
        ]
    );
}

#[test]
fn every_bad_cell_is_named_with_its_text_and_nothing_is_written() {
    let p = project(concat!(
        "  - id: bad\n",
        "    values_from: {file: data/kpis.xlsx, sheet: Takedowns, period: Month, value: Rate, where: {Program: bad}}\n",
        "  - id: csv\n",
        "    values_from: {file: data/european.csv, period: Monat, value: Quote}\n",
    ));
    let run = p.run(&["build", "--period", "2026-11"]);
    run.code(1);
    for expected in [
        "data/kpis.xlsx: Takedowns!B12: error: \"2027-13\" is not a period: there is no month 13",
        "data/kpis.xlsx: Takedowns!C13: error: holds the error #N/A",
        "data/kpis.xlsx: Takedowns!C14: error: \"12,5x\" is not a number",
        "data/european.csv:4:3: error: \"12.5\" is not a number (this file writes decimals with a comma",
        "note: programs/ce.yaml:6:5: read for `values_from` of program `ce`",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
    assert!(!p.exists("out/2026-11/monthly-brief.pdf"), "a PDF was written despite the errors");
    // `check` reads the same files and reports the same cells.
    let check = p.run(&["check"]);
    check.code(1);
    assert!(check.stderr.contains("data/kpis.xlsx: Takedowns!C14: error: \"12,5x\""), "{}", check.stderr);
    // For CI, a bad cell is located like a bad YAML value: file, row, column.
    let json = p.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let cell = report["diagnostics"].as_array().unwrap().iter().find(|d| d["message"] == "holds the error #N/A");
    let cell = cell.expect("the #N/A cell's diagnostic");
    assert_eq!((&cell["file"], &cell["line"], &cell["column"]), (&"data/kpis.xlsx".into(), &13.into(), &3.into()));
}

#[test]
fn a_csv_line_whose_fields_do_not_line_up_with_the_header_is_an_error() {
    // An unquoted decimal comma splits one value in two: read as 12, the
    // KPI would be wrong without a word.
    let p = project("  - id: hours\n    values_from: {file: data/hours.csv, period: Month, value: Value}\n");
    p.write("data/hours.csv", "Month,Value\n2026-10,14\n2026-11,12,5\n");
    p.write("out/2026-11/monthly-brief.pdf", "the brief of last run");
    let run = p.run(&["build", "--period", "2026-11"]);
    run.code(1);
    let expected = "data/hours.csv:3:3: error: \"5\": this line has 3 fields, the header 2";
    assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    assert_eq!(p.read("out/2026-11/monthly-brief.pdf"), b"the brief of last run", "the earlier PDF was overwritten");
    p.run(&["check"]).code(1);
}

#[test]
fn a_where_that_no_row_matches_is_named_with_the_closest_value() {
    let p = project(
        "  - id: hours\n    values_from: {file: data/hours.csv, period: Month, value: Value, where: {Program: cee}}\n",
    );
    p.write("data/hours.csv", "Program,Month,Value\nce,2026-10,14\nce,2026-11,12\nxx,2026-11,3\n");
    let check = p.run(&["check"]);
    let expected = "programs/ce.yaml:6:5: warning: `where` of program `ce`: no row of data/hours.csv has Program = \"cee\", so nothing is read";
    assert!(check.stderr.contains(expected), "missing {expected:?} in\n{}", check.stderr);
    assert!(check.stderr.contains("did you mean \"ce\"?"), "{}", check.stderr);
    p.run(&["check", "--strict"]).code(3);
    // Spelt right, the rows are read and nothing is said.
    p.write("programs/ce.yaml", &String::from_utf8(p.read("programs/ce.yaml")).unwrap().replace("cee", "ce"));
    assert!(!p.run(&["check"]).stderr.contains("no row of"));
}

#[test]
fn a_missing_file_sheet_or_column_says_which_ones_exist() {
    let p = project(concat!(
        "  - id: file\n",
        "    values_from: {file: data/kpi.xlsx, period: Month, value: Rate}\n",
        "  - id: sheet\n",
        "    values_from: {file: data/kpis.xlsx, sheet: Takedown, period: Month, value: Rate}\n",
        "  - id: column\n",
        "    values_from: {file: data/kpis.ods, period: Month, value: rate}\n",
    ));
    let run = p.run(&["check"]);
    run.code(1);
    for expected in [
        "data/kpi.xlsx: no such file",
        "spreadsheets in data/: data/bom.csv, data/bomb.xlsx, data/european.csv, data/kpis.ods, data/kpis.xlsx",
        "data/kpis.xlsx: has no sheet \"Takedown\"",
        "its sheets: \"Takedowns\", \"Risks\", \"Formulas\"",
        "data/kpis.ods: sheet Takedowns: has no column \"rate\" in its header row",
        "its columns: \"Program\", \"Month\", \"Rate\", \"Share\"",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
}

#[test]
fn values_from_is_checked_like_every_other_key() {
    let p = project(concat!(
        "  - id: typo\n",
        "    values_from: {file: data/kpis.ods, period: Month, valeu: Rate}\n",
        "  - id: types\n",
        "    values_from: {file: [a], period: Month, value: Rate, where: nope}\n",
    ));
    let run = p.run(&["check"]);
    run.code(1);
    for expected in [
        "programs/ce.yaml:6:55: error: unknown field `valeu` in values_from",
        "hint: did you mean `value`?",
        "programs/ce.yaml:6:5: error: values_from needs `value`",
        "programs/ce.yaml:8:25: error: file must be text (found a list)",
        "error: where must map column headers to the text of their cells",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
}

#[test]
fn the_manifest_hashes_the_sheets_and_verify_notices_a_change() {
    let p = project(
        "  - id: ods\n    values_from: {file: data/kpis.ods, period: Month, value: Rate, where: {Program: ce}}\n",
    );
    p.run(&["build", "--period", "2026-11"]).success();
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
    let inputs = manifest["inputs"].as_array().expect("the manifest's inputs");
    let entry = inputs.iter().find(|i| i["path"] == "data/kpis.ods").expect("the sheet is an input of the manifest");
    let bytes = p.read("data/kpis.ods");
    assert_eq!(entry["sha256"].as_str().unwrap(), brief::testing::hex(&brief::testing::sha256(&bytes)));
    p.run(&["verify", "out/2026-11/manifest.json"]).success();
    let mut changed = bytes.clone();
    changed.push(b'\n');
    std::fs::write(p.path().join("data/kpis.ods"), changed).unwrap();
    let run = p.run(&["verify", "out/2026-11/manifest.json"]);
    run.code(1);
    assert!(run.stderr.contains("changed  data/kpis.ods"), "{}", run.stderr);
}

/// Every file below `dir` (none when it does not exist).
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .map(|e| e.unwrap().path())
        .flat_map(|path| if path.is_dir() { files_under(&path) } else { vec![path] })
        .collect()
}

#[test]
fn hostile_sheets_fail_cleanly_with_a_limit_message() {
    let p = project(concat!(
        "  - id: bomb\n",
        "    values_from: {file: data/bomb.xlsx, period: Month, value: Rate}\n",
        "  - id: rows\n",
        "    values_from: {file: data/rows.csv, period: Month, value: Rate}\n",
    ));
    let mut rows = String::from("Month,Rate\n");
    for i in 0..1_000_000 {
        rows.push_str(&format!("2026-11,{i}\n"));
    }
    p.write("data/rows.csv", &rows);
    let run = p.run(&["build", "--period", "2026-11"]);
    run.code(1);
    // Each refusal names its file and the limit, with the place in the
    // YAML that reads the file.
    for expected in [
        "error: data/bomb.xlsx: unpacks to more than 200.0 MB (1024.0 MB, past the limit): refused as a possible zip bomb\n   = note: programs/ce.yaml:6:5: the file is named here",
        "error: data/rows.csv: has more than 100,000 rows, the limit\n   = hint: keep only the rows the briefs need, or split the file\n   = note: programs/ce.yaml:8:5: the file is named here",
        "error: 2 errors, 0 warnings; nothing was written",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // Nothing is written: no PDF, no manifest, no staged file.
    let written = files_under(&p.path().join("out"));
    assert!(written.is_empty(), "the failed build wrote {written:?}");
}

#[test]
fn watch_rebuilds_when_a_sheet_changes() {
    use crate::watch::{FIRST_BUILD, Live, REBUILD};
    let p = project("  - id: csv\n    values_from: {file: data/k.csv, period: Month, value: Rate}\n");
    p.write("data/k.csv", "Month,Rate\n2026-10,1\n2026-11,2\n");
    let rebuilt = "rebuilt out/2026-11/monthly-brief.pdf in ";
    let mut w = Live::start(&p, &["watch"]);
    w.wait_for(rebuilt, 1, FIRST_BUILD);
    // A bad cell saved in the sheet alone: the watcher reads it again and names the cell.
    p.write("data/k.csv", "Month,Rate\n2026-10,1\n2026-11,two\n");
    w.wait_for("data/k.csv:3:2: error: \"two\" is not a number", 1, REBUILD);
    p.write("data/k.csv", "Month,Rate\n2026-10,1\n2026-11,3\n");
    w.wait_until("the rebuild after the fix", REBUILD, |_, err| {
        err.matches("] rebuilt ").count() + err.matches("] unchanged ").count() >= 2
    });
    assert_eq!(w.interrupt(), 0);
}

/// The risks of the brief's data: (id, title, likelihood, owner).
fn risks(p: &Project) -> Vec<(String, String, i64, String)> {
    p.run(&["build", "--period", "2026-11", "--emit-bundle", "bundle"]).success();
    let data: serde_json::Value = serde_json::from_slice(&p.read("bundle/data.json")).unwrap();
    let risks = data["programs"][0]["risks"].as_array().expect("the program's risks").clone();
    risks
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (text("id"), text("title"), r["likelihood"].as_i64().unwrap_or_default(), text("owner"))
        })
        .collect()
}

#[test]
fn risks_come_from_a_register_one_per_row_and_the_yaml_wins_by_id() {
    let p = project("  - id: m\n    values: {2026-11: 1}\n");
    p.write("data/risks.csv", "ID;Risk;L;I;Owner;Program\nR1;Supplier exit;4;3;Ana;ce\n;;;;;\nR2;Port strike;5;2;;ce\nR3;Not ours;1;1;Kim;xx\n");
    let yaml = String::from_utf8(p.read("programs/ce.yaml")).unwrap();
    let from = "risks_from: {file: data/risks.csv, where: {Program: ce}, columns: {id: ID, title: Risk, likelihood: L, impact: I, owner: Owner}}\n";
    p.write("programs/ce.yaml", &format!("{from}risks:\n  - id: R2\n    owner: Yaml Owner\n    likelihood: 3\n{yaml}"));
    assert_eq!(
        risks(&p),
        vec![
            // In the brief's order (by score): R1 scores 12, R2 6 with the YAML's likelihood.
            ("R1".to_string(), "Supplier exit".to_string(), 4, "Ana".to_string()),
            ("R2".to_string(), "Port strike".to_string(), 3, "Yaml Owner".to_string()),
        ]
    );
}

#[test]
fn items_from_a_sheet_are_validated_like_yaml_items_at_their_cells() {
    let p = project("  - id: m\n    values: {2026-11: 1}\n");
    let yaml = String::from_utf8(p.read("programs/ce.yaml")).unwrap();
    let from = concat!(
        // `Program` is merged over A2:A4: all three risks are ce's; L holds words.
        "risks_from: {file: data/kpis.xlsx, sheet: Risks, where: {Program: ce}, columns: {id: Risk, title: Risk, likelihood: L, ownr: Owner}}\n",
        "milestones_from: {file: data/kpis.ods, sheet: Risks, columns: {name: Risk}}\n",
    );
    p.write("programs/ce.yaml", &format!("{from}{yaml}"));
    let run = p.run(&["check"]);
    run.code(1);
    for expected in [
        "programs/ce.yaml:1:120: error: unknown field `ownr` in columns",
        "hint: did you mean `owner`?",
        "programs/ce.yaml:2:54: error: columns needs `id`",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
    p.write(
        "programs/ce.yaml",
        &format!(
            "{}{yaml}",
            from.replace("ownr", "owner").replace("columns: {name: Risk}", "columns: {id: Risk, name: Risk, due: Due}")
        ),
    );
    let run = p.run(&["check"]);
    run.code(1);
    for expected in [
        "data/kpis.xlsx: Risks!C2: error: likelihood must be an integer from 1 to 5 (found \"high\")",
        "data/kpis.xlsx: Risks!C4: error: likelihood must be an integer from 1 to 5 (found \"medium\")",
        "data/kpis.ods: sheet Risks: has no column \"Due\" in its header row",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
}

#[test]
fn the_sample_reads_kpis_from_a_workbook_and_risks_from_a_csv_export() {
    let p = Project::sample();
    p.run(&["build", "--period", "2026-11"]).success();
    let manifest: serde_json::Value = serde_json::from_slice(&p.read("out/2026-11/manifest.json")).unwrap();
    let inputs: Vec<&str> = manifest["inputs"].as_array().unwrap().iter().filter_map(|i| i["path"].as_str()).collect();
    assert!(inputs.contains(&"data/kpis.xlsx") && inputs.contains(&"data/risk-register.csv"), "{inputs:?}");
    // Without the sheets, the numbers and the register are missing: they come from there.
    std::fs::remove_file(p.path().join("data/risk-register.csv")).unwrap();
    let run = p.run(&["check"]);
    run.code(1);
    assert!(run.stderr.contains("data/risk-register.csv: no such file"), "{}", run.stderr);
}
