#![no_main]
// cargo fuzz run sse fuzz/corpus/sse
libfuzzer_sys::fuzz_target!(|data: &[u8]| warden_fuzz::sse(data));
