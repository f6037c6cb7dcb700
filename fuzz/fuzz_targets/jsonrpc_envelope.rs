#![no_main]
// cargo fuzz run jsonrpc_envelope fuzz/corpus/jsonrpc_envelope
libfuzzer_sys::fuzz_target!(|data: &[u8]| warden_fuzz::jsonrpc_envelope(data));
