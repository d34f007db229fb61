//! Structured program files: the bytes choose fields, values and file
//! layouts from the schema (`brief::fuzzing::generate`), to reach merging,
//! validation, changes and lint with mostly well-formed data.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = brief::fuzzing::generate(data);
    let checked = brief::fuzzing::check_sources(&files);
    brief::fuzzing::assert_located(&checked);
});
