#![no_main]
// cargo fuzz run canonical_json fuzz/corpus/canonical_json
libfuzzer_sys::fuzz_target!(|data: &[u8]| warden_fuzz::canonical_json(data));
