#![no_main]
//! Fuzz target `case`: see `regelwerk_fuzz::case` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regelwerk_fuzz::case::run(data));
