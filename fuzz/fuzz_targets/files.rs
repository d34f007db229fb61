//! Arbitrary bytes as program files: `#> PATH` lines start a file (see
//! `brief::fuzzing::split_files`), so one input can be a whole programs folder.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = brief::fuzzing::split_files(data);
    let checked = brief::fuzzing::check_sources(&files);
    brief::fuzzing::assert_located(&checked);
});
