#![no_main]
//! Fuzz target `parse`: see `regelwerk_fuzz::parse` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regelwerk_fuzz::parse::run(data));
