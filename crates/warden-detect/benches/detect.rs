//! Detection benchmark (being written).
fn main() {}
