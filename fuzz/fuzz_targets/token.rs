#![no_main]
// cargo fuzz run token fuzz/corpus/token
libfuzzer_sys::fuzz_target!(|data: &[u8]| warden_fuzz::token(data));
