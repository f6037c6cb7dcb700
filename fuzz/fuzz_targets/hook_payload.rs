#![no_main]
// cargo fuzz run hook_payload fuzz/corpus/hook_payload
libfuzzer_sys::fuzz_target!(|data: &[u8]| warden_fuzz::hook_payload(data));
