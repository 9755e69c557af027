#![no_main]
//! Fuzz target `program`: see `regelwerk_fuzz::program` and docs/fuzzing.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regelwerk_fuzz::program::run(data));
