#![no_main]
// cargo fuzz run otlp fuzz/corpus/otlp
libfuzzer_sys::fuzz_target!(|data: &[u8]| warden_fuzz::otlp(data));
