#![no_main]
//! See `readout_fuzz::html` (fuzz/src/lib.rs) and fuzz/README.md.

libfuzzer_sys::fuzz_target!(|data: &[u8]| readout_fuzz::html(data));
