//! The fuzz corpus as regression tests: every input in
//! tests/fixtures/fuzz-regressions goes through load, merge and validation
//! in memory, as in the fuzz targets (`fuzz/fuzz_targets`), and must not
//! panic; every diagnostic must point at a real line and column.

use crate::harness::*;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("tests/fixtures/fuzz-regressions").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

type ToFiles = fn(&[u8]) -> Vec<(String, Vec<u8>)>;

fn replay(target: &str, to_files: ToFiles) -> usize {
    let inputs = inputs(target);
    for (name, bytes) in &inputs {
        let outcome = std::panic::catch_unwind(|| {
            let checked = brief::fuzzing::check_sources(&to_files(bytes));
            brief::fuzzing::assert_located(&checked);
        });
        assert!(outcome.is_ok(), "fuzz-regressions/{target}/{name} fails");
    }
    inputs.len()
}

#[test]
fn every_input_of_the_files_target_is_checked_cleanly() {
    let n = replay("files", brief::fuzzing::split_files);
    assert!(n >= 2, "only {n} inputs");
}

#[test]
fn every_input_of_the_programs_target_is_checked_cleanly() {
    let n = replay("programs", brief::fuzzing::generate);
    assert!(n >= 1, "only {n} inputs");
}
