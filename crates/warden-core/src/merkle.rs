//! RFC 6962 Merkle tree hashing for the audit log, with RFC 9162 inclusion proofs.
//!
//! Leaves are `SHA-256(0x00 ‖ data)` and interior nodes `SHA-256(0x01 ‖ left ‖ right)`, so a
//! leaf can never be passed off as a node. The log keeps a [`CompactRange`] (one hash per set
//! bit of the tree size) to compute the root after each append in O(log n) without holding the
//! tree; proofs are computed from the stored leaf hashes when asked for.

use sha2::{Digest, Sha256};

/// A SHA-256 output.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 ‖ data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The hash of the empty tree, `SHA-256()`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Root of the tree whose leaf hashes are `leaves` (RFC 6962 `MTH`).
pub fn root_of(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split_point(n);
            node_hash(&root_of(&leaves[..k]), &root_of(&leaves[k..]))
        }
    }
}

/// The largest power of two strictly smaller than `n` (n ≥ 2).
fn split_point(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The right edge of a Merkle tree: the roots of its perfect subtrees, largest first.
///
/// Appending is amortised O(1) hashes; the root costs O(log n). Serializes to a flat byte string
/// so the store can persist it with each commit and resume after a crash without rereading the
/// log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    /// Perfect subtree roots, left to right; their sizes are the set bits of `size`, descending.
    peaks: Vec<Hash>,
}

impl CompactRange {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends one leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        let mut node = leaf;
        // Each trailing one bit of the old size is a peak of equal size to merge with.
        let mut merges = self.size.trailing_ones();
        while merges > 0 {
            let left = self.peaks.pop().expect("a set bit of size has a peak");
            node = node_hash(&left, &node);
            merges -= 1;
        }
        self.peaks.push(node);
        self.size += 1;
    }

    /// The tree root (RFC 6962 `MTH`) of everything appended.
    pub fn root(&self) -> Hash {
        let mut iter = self.peaks.iter().rev();
        match iter.next() {
            None => empty_root(),
            Some(last) => iter.fold(*last, |acc, left| node_hash(left, &acc)),
        }
    }

    /// Flat encoding: 8-byte big-endian size followed by the peaks.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 32 * self.peaks.len());
        out.extend_from_slice(&self.size.to_be_bytes());
        for p in &self.peaks {
            out.extend_from_slice(p);
        }
        out
    }

    /// Inverse of [`CompactRange::to_bytes`]; `None` if the bytes are not a valid range.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (size_bytes, rest) = bytes.split_first_chunk::<8>()?;
        let size = u64::from_be_bytes(*size_bytes);
        if rest.len() % 32 != 0 || rest.len() / 32 != size.count_ones() as usize {
            return None;
        }
        let peaks = rest
            .chunks_exact(32)
            .map(|c| c.try_into().expect("chunk is 32 bytes"))
            .collect();
        Some(Self { size, peaks })
    }
}

/// Inclusion proof for leaf `index` in the tree of `leaves` (RFC 6962 `PATH`), bottom-up.
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut path = Vec::new();
    build_path(leaves, index, &mut path);
    Some(path)
}

fn build_path(leaves: &[Hash], index: usize, path: &mut Vec<Hash>) {
    if leaves.len() <= 1 {
        return;
    }
    let k = split_point(leaves.len());
    if index < k {
        build_path(&leaves[..k], index, path);
        path.push(root_of(&leaves[k..]));
    } else {
        build_path(&leaves[k..], index - k, path);
        path.push(root_of(&leaves[..k]));
    }
}

/// Checks an inclusion proof (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s_n == 0 {
            return false;
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    s_n == 0 && &r == root
}

/// Every level of the tree's perfect, aligned subtrees, built once so that many inclusion
/// proofs over one tree cost O(log² n) each instead of O(n) (a report proves thousands of
/// events of one log).
pub struct ProofTree {
    /// `levels[j][i]` is the root of leaves `i·2^j .. (i+1)·2^j`, complete blocks only.
    levels: Vec<Vec<Hash>>,
    size: usize,
}

impl ProofTree {
    pub fn new(leaves: Vec<Hash>) -> Self {
        let size = leaves.len();
        let mut levels = vec![leaves];
        while let Some(below) = levels.last().filter(|l| l.len() >= 2) {
            let next = below
                .chunks_exact(2)
                .map(|pair| node_hash(&pair[0], &pair[1]))
                .collect();
            levels.push(next);
        }
        Self { levels, size }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// The RFC 6962 inclusion path for leaf `index`, identical to [`inclusion_proof`].
    pub fn path(&self, index: usize) -> Option<Vec<Hash>> {
        if index >= self.size {
            return None;
        }
        let mut path = Vec::new();
        self.build_path(0, self.size, index, &mut path);
        Some(path)
    }

    fn build_path(&self, lo: usize, n: usize, index: usize, path: &mut Vec<Hash>) {
        if n <= 1 {
            return;
        }
        let k = split_point(n);
        if index < k {
            self.build_path(lo, k, index, path);
            path.push(self.range_root(lo + k, n - k));
        } else {
            self.build_path(lo + k, n - k, index - k, path);
            path.push(self.range_root(lo, k));
        }
    }

    /// `MTH` of leaves `lo .. lo + n`, where `lo` is a multiple of the largest power of two
    /// not above `n` (true of every range the RFC 6962 recursion visits).
    fn range_root(&self, lo: usize, n: usize) -> Hash {
        if n.is_power_of_two() {
            let level = n.trailing_zeros() as usize;
            return self.levels[level][lo >> level];
        }
        let k = split_point(n);
        node_hash(&self.range_root(lo, k), &self.range_root(lo + k, n - k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(format!("leaf {i}").as_bytes()))
            .collect()
    }

    #[test]
    fn empty_tree_root_is_sha256_of_nothing() {
        assert_eq!(
            hex::encode(empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn rfc6962_reference_vector() {
        // The 8-leaf test tree used by Certificate Transparency implementations.
        let data: [&[u8]; 8] = [
            b"",
            b"\x00",
            b"\x10",
            b"\x20\x21",
            b"\x30\x31",
            b"\x40\x41\x42\x43",
            b"\x50\x51\x52\x53\x54\x55\x56\x57",
            b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
        ];
        let l: Vec<Hash> = data.iter().map(|d| leaf_hash(d)).collect();
        assert_eq!(
            hex::encode(root_of(&l)),
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
        );
        assert_eq!(
            hex::encode(root_of(&l[..3])),
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"
        );
    }

    #[test]
    fn compact_range_matches_full_recomputation_and_roundtrips() {
        let l = leaves(70);
        let mut cr = CompactRange::new();
        for (i, leaf) in l.iter().enumerate() {
            cr.push(*leaf);
            assert_eq!(cr.root(), root_of(&l[..=i]), "size {}", i + 1);
            assert_eq!(CompactRange::from_bytes(&cr.to_bytes()).as_ref(), Some(&cr));
        }
        assert!(CompactRange::from_bytes(&[0u8; 7]).is_none());
        assert!(CompactRange::from_bytes(&[0, 0, 0, 0, 0, 0, 0, 3]).is_none());
    }

    #[test]
    fn every_inclusion_proof_verifies_and_wrong_ones_fail() {
        for n in 1..=33 {
            let l = leaves(n);
            let root = root_of(&l);
            for i in 0..n {
                let proof = inclusion_proof(&l, i).expect("index in range");
                assert!(verify_inclusion(&l[i], i as u64, n as u64, &proof, &root));
                let other = leaf_hash(b"not in the tree");
                assert!(!verify_inclusion(&other, i as u64, n as u64, &proof, &root));
                if n > 1 {
                    let wrong_index = ((i + 1) % n) as u64;
                    assert!(
                        !verify_inclusion(&l[i], wrong_index, n as u64, &proof, &root)
                            || l[i] == l[wrong_index as usize]
                    );
                }
            }
            assert!(inclusion_proof(&l, n).is_none());
        }
    }

    #[test]
    fn proof_tree_paths_equal_the_recursive_definition() {
        for size in [1usize, 2, 3, 5, 7, 8, 9, 16, 31, 33, 100] {
            let leaves: Vec<Hash> = (0..size as u32)
                .map(|i| leaf_hash(&i.to_be_bytes()))
                .collect();
            let tree = ProofTree::new(leaves.clone());
            let root = root_of(&leaves);
            for index in 0..size {
                let path = tree.path(index).expect("index in range");
                assert_eq!(
                    Some(path.clone()),
                    inclusion_proof(&leaves, index),
                    "size {size} index {index}"
                );
                assert!(verify_inclusion(
                    &leaves[index],
                    index as u64,
                    size as u64,
                    &path,
                    &root
                ));
            }
            assert_eq!(tree.path(size), None);
        }
    }
}
