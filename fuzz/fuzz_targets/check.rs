#![no_main]
//! Fuzz target `check`: see `regelwerk_fuzz::check` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regelwerk_fuzz::check::run(data));
