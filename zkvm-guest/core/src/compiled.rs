//! The guest's fast path: a model compiled for rows read as aligned 32-bit words.
//!
//! [`Model::predict_row`] stays the reference; `tests/core.rs` checks that both predict the same
//! class on every row of random trees and tables, and the real-proof tests check the guest's journal
//! against the golden vectors.
//!
//! Why two walks: a row is `features × 8 + 2` bytes, so two rows are `features × 16 + 4` bytes, a
//! whole number of words. In a word buffer that starts at a row pair, the first row of the pair
//! (EVEN) is word aligned: value `f` is `lo = w[2f]`, `hi = w[2f + 1]`. The second row (ODD) starts
//! in the upper half of a word: with `w` starting at that word, value `f` is
//! `h0 = w[2f] >> 16`, `mid = w[2f + 1]` (bits 16..48) and `h3 = w[2f + 2] & 0xffff` (signed top
//! halfword). The rv32 zkVM has no cheap unaligned loads, so instead of copying odd rows into place,
//! each node carries its threshold cut both ways and the odd walk compares `(h3, mid, h0)`
//! lexicographically, which is the exact i64 order as well. Typical values have equal top parts,
//! so a comparison is usually two word loads and two branches on either parity.

use alloc::vec::Vec;

use crate::{Error, Evaluation, Model, Node};

/// `at` of a leaf.
const LEAF: u32 = u32::MAX;
/// Bytes of an even node (`[u32; 4]`) and of an odd node (`[u32; 5]`).
const EVEN_NODE_BYTES: u32 = 16;
const ODD_NODE_BYTES: u32 = 20;

/// A model compiled for prediction. The left child of a split is the next node (canonical
/// preorder, checked by [`Model::decode`]). Offsets are in bytes, so the walks below add them to
/// pointers without scaling: the inner loop is what every row pays at every level.
#[derive(Debug, Clone)]
pub struct CompiledModel {
    /// Per node `[byte offset of the value's low word in a row (or LEAF), threshold high word,
    /// threshold low word, byte offset of the right child (or the leaf's class)]`, for even rows.
    even: Vec<[u32; 4]>,
    /// Per node `[byte offset of the word holding h0 (or LEAF), threshold h3 << 16, threshold bits
    /// 16..48, byte offset of the right child (or the leaf's class), threshold h0]`, for odd rows.
    odd: Vec<[u32; 5]>,
    features: u16,
    classes: u16,
}

impl CompiledModel {
    /// Compiles a model. Panics unless it is canonical preorder with features and classes in range
    /// (what [`Model::decode`] guarantees): the walks rely on it to stay in bounds and to end.
    pub fn new(model: &Model) -> Self {
        let n = model.nodes.len();
        assert!(n > 0 && n <= (u32::MAX / ODD_NODE_BYTES) as usize, "node count out of range");
        let (mut even, mut odd) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (i, node) in model.nodes.iter().enumerate() {
            match *node {
                Node::Split { feature, threshold, left, right } => {
                    // Children after the parent and in bounds: every walk moves forward and ends.
                    assert!(
                        left as usize == i + 1 && (right as usize) > i + 1 && (right as usize) < n && feature < model.features,
                        "the model is not canonical (use Model::decode)"
                    );
                    let t = threshold as u64;
                    let at = u32::from(feature) * 8;
                    even.push([at, (t >> 32) as u32, t as u32, right * EVEN_NODE_BYTES]);
                    odd.push([at, ((t >> 48) as u32) << 16, (t >> 16) as u32, right * ODD_NODE_BYTES, t as u32 & 0xffff]);
                }
                Node::Leaf { class } => {
                    assert!(class < model.classes, "the model is not canonical (use Model::decode)");
                    even.push([LEAF, 0, 0, u32::from(class)]);
                    odd.push([LEAF, 0, 0, u32::from(class), 0]);
                }
            }
        }
        Self { even, odd, features: model.features, classes: model.classes }
    }

    /// Number of classes of the model.
    pub fn classes(&self) -> u16 {
        self.classes
    }

    /// Number of features of the model.
    pub fn features(&self) -> u16 {
        self.features
    }

    /// Predicts a word-aligned row: `row[2f]`, `row[2f + 1]` are value `f`'s low and high words
    /// (little-endian); `row` has at least `features × 2` words (a test-set row's label word
    /// is not read, so a format-3 input row, which has none, is walked the same way). `value <= threshold` is decided
    /// on the signed high words, and on the unsigned low words only when those are equal: the exact
    /// i64 order.
    #[inline]
    #[allow(unsafe_code)]
    pub fn predict_even(&self, row: &[u32]) -> u16 {
        assert!(row.len() >= usize::from(self.features) * 2, "a row has features × 2 words");
        let base = self.even.as_ptr();
        let row = row.as_ptr();
        let mut node = base;
        // SAFETY: `new` checked that every split's feature is < features, so `at + 4 + 4 <=
        // features × 8 <= row bytes` (asserted above), and that both children of a split are
        // nodes of `self.even` after it, so `node` stays in bounds and the loop ends at a leaf.
        unsafe {
            loop {
                let [at, hi, lo, right] = *node;
                if at == LEAF {
                    return right as u16;
                }
                let v = row.byte_add(at as usize);
                let v_hi = *v.add(1);
                let go_left = if v_hi != hi { (v_hi as i32) < (hi as i32) } else { *v <= lo };
                node = if go_left { node.add(1) } else { base.byte_add(right as usize) };
            }
        }
    }

    /// Predicts a row that starts in the upper half of `row[0]` (see the module docs): value `f`
    /// is `row[2f] >> 16`, `row[2f + 1]`, `row[2f + 2] & 0xffff` from the low to the high bits;
    /// `row` has at least `features × 2 + 1` words. Compared as (signed top halfword, unsigned
    /// middle word, unsigned low halfword): the exact i64 order.
    #[inline]
    #[allow(unsafe_code)]
    pub fn predict_odd(&self, row: &[u32]) -> u16 {
        assert!(row.len() > usize::from(self.features) * 2, "a row has features × 2 + 1 words");
        let base = self.odd.as_ptr();
        let row = row.as_ptr();
        let mut node = base;
        // SAFETY: as in `predict_even`; the last word read is `at / 4 + 2 <= features × 2`.
        unsafe {
            loop {
                let [at, h3, mid, right, h0] = *node;
                if at == LEAF {
                    return right as u16;
                }
                let v = row.byte_add(at as usize);
                // The top halfword in the top half of a word, low half zero, so signed order holds.
                let v_h3 = *v.add(2) << 16;
                let go_left = if v_h3 != h3 {
                    (v_h3 as i32) < (h3 as i32)
                } else {
                    let v_mid = *v.add(1);
                    if v_mid != mid {
                        v_mid < mid
                    } else {
                        *v >> 16 <= h0
                    }
                };
                node = if go_left { node.add(1) } else { base.byte_add(right as usize) };
            }
        }
    }
}

/// Counts correct predictions over whole row pairs of word-aligned canonical rows (see the module
/// docs), fed in any number of batches that each start at an even row.
#[derive(Debug)]
pub struct RowCounter<'m> {
    model: &'m CompiledModel,
    /// Words of one row pair: `features × 4 + 1`.
    pair_words: usize,
    /// Word offset of the odd row in a pair (its first word is shared with the even row's label).
    odd_at: usize,
    rows: u32,
    correct: u32,
}

impl<'m> RowCounter<'m> {
    /// A counter for rows of `features` columns. The model must have the same number of features.
    pub fn new(model: &'m CompiledModel, features: u32) -> Result<Self, Error> {
        if u32::from(model.features) != features {
            return Err(Error::EvalFeatures { model: model.features, table: features });
        }
        let odd_at = features as usize * 2;
        Ok(Self { model, pair_words: odd_at * 2 + 1, odd_at, rows: 0, correct: 0 })
    }

    /// Words per row pair: `features × 4 + 1`.
    pub fn pair_words(&self) -> usize {
        self.pair_words
    }

    #[inline]
    fn label(&self, label: u32) -> Result<u16, Error> {
        if label >= u32::from(self.model.classes) {
            return Err(Error::EvalLabel { row: self.rows, label: label as u16 });
        }
        Ok(label as u16)
    }

    /// Predicts and counts `rows` rows from `words`, which starts at an even row and holds at least
    /// `ceil(rows × (features × 8 + 2) / 4)` words; a trailing half word must be zero-padded. A label
    /// the model cannot predict is rejected with its row index, as [`crate::evaluate`] does.
    pub fn count(&mut self, words: &[u32], rows: u32) -> Result<(), Error> {
        let pairs = rows as usize / 2;
        let (model, odd_at) = (self.model, self.odd_at);
        for pair in words[..pairs * self.pair_words].chunks_exact(self.pair_words) {
            let label = self.label(pair[odd_at] & 0xffff)?;
            self.correct += u32::from(model.predict_even(pair) == label);
            self.rows += 1;
            let odd = &pair[odd_at..];
            let label = self.label(odd[odd_at] >> 16)?;
            self.correct += u32::from(model.predict_odd(odd) == label);
            self.rows += 1;
        }
        if rows % 2 == 1 {
            let row = &words[pairs * self.pair_words..][..odd_at + 1];
            let label = self.label(row[odd_at] & 0xffff)?;
            self.correct += u32::from(model.predict_even(row) == label);
            self.rows += 1;
        }
        Ok(())
    }

    /// Rows counted so far and how many were predicted right.
    pub fn evaluation(&self) -> Evaluation {
        Evaluation { correct: self.correct, total: self.rows }
    }
}
