#![no_main]
//! Fuzz target `eval`: see `regelwerk_fuzz::eval` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regelwerk_fuzz::eval::run(data));
