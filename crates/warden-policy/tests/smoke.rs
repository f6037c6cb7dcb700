use warden_policy::*;

#[test]
fn default_set_loads() {
    let e = default_engine().unwrap_or_else(|e| panic!("{e}"));
    println!("{:?}", e);
    let d = PolicyEngine::from_dir(DEFAULT_POLICY_DIR).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.version(), e.version());
    for p in e.policies() {
        println!("{} {:?} {}:{}", p.id, p.effect, p.file, p.line);
    }
}
