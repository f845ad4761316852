#![no_main]
//! See `readout_fuzz::code_bytes` (fuzz/src/lib.rs) and fuzz/README.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| readout_fuzz::code_bytes(data));
