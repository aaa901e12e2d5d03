//! The guest's fast path: a model compiled into flat 16-byte nodes, and a row counter that takes
//! rows as little-endian halfwords straight from the guest's input buffer.
//!
//! [`Model::predict_row`] stays the reference; `tests/core.rs` checks that both predict the same
//! class on every row of random trees and tables, and the real-proof tests check the guest's journal
//! against the golden vectors.
//!
//! Why halfwords: a row is `features × 8 + 2` bytes, so in a buffer of consecutive rows every other
//! row starts 2 bytes past a word boundary. Halfword loads are aligned for every row, and the rv32
//! zkVM has no cheap unaligned word loads.

use alloc::vec::Vec;

use crate::{Error, Evaluation, Model, Node};

/// `at` of a leaf.
const LEAF: u32 = u32::MAX;

/// A model compiled for prediction: per node `[threshold high word, threshold low word, halfword
/// offset of the feature's value in a row (or LEAF), right child (or the leaf's class)]`. The left
/// child of a split at `i` is `i + 1` (canonical preorder, checked by [`Model::decode`]).
#[derive(Debug, Clone)]
pub struct CompiledModel {
    nodes: Vec<[u32; 4]>,
    features: u16,
    classes: u16,
}

impl CompiledModel {
    /// Compiles a decoded (hence canonical) model.
    pub fn new(model: &Model) -> Self {
        let nodes = model
            .nodes
            .iter()
            .map(|node| match *node {
                Node::Split { feature, threshold, right, .. } => {
                    [(threshold >> 32) as u32, threshold as u32, u32::from(feature) * 4, right]
                }
                Node::Leaf { class } => [0, 0, LEAF, u32::from(class)],
            })
            .collect();
        Self { nodes, features: model.features, classes: model.classes }
    }

    /// Number of classes of the model.
    pub fn classes(&self) -> u16 {
        self.classes
    }

    /// Number of features of the model.
    pub fn features(&self) -> u16 {
        self.features
    }

    /// Predicts one row given as little-endian halfwords: `features × 4` for the values, then the
    /// label. `value <= threshold` is decided on the signed high words, and on the unsigned low
    /// words only when those are equal: the exact i64 order.
    #[inline]
    pub fn predict_halves(&self, row: &[u16]) -> u16 {
        let mut i = 0usize;
        loop {
            let [hi, lo, at, right] = self.nodes[i];
            if at == LEAF {
                return right as u16;
            }
            let at = at as usize;
            let v = &row[at..at + 4];
            let v_hi = ((u32::from(v[3]) << 16) | u32::from(v[2])) as i32;
            let go_left = if v_hi != hi as i32 {
                v_hi < hi as i32
            } else {
                ((u32::from(v[1]) << 16) | u32::from(v[0])) <= lo
            };
            // Children have larger indices than their parent (canonical preorder): this ends.
            i = if go_left { i + 1 } else { right as usize };
        }
    }
}

/// Counts correct predictions over rows fed in any number of batches.
#[derive(Debug)]
pub struct RowCounter<'m> {
    model: &'m CompiledModel,
    row_halves: usize,
    label_at: usize,
    rows: u32,
    correct: u32,
}

impl<'m> RowCounter<'m> {
    /// A counter for rows of `features` columns. The model must have the same number of features.
    pub fn new(model: &'m CompiledModel, features: u32) -> Result<Self, Error> {
        if u32::from(model.features) != features {
            return Err(Error::EvalFeatures { model: model.features, table: features });
        }
        let label_at = features as usize * 4;
        Ok(Self { model, row_halves: label_at + 1, label_at, rows: 0, correct: 0 })
    }

    /// Halfwords per row: `features × 4 + 1`.
    pub fn row_halves(&self) -> usize {
        self.row_halves
    }

    /// Predicts and counts whole rows (`halves.len()` must be a multiple of [`Self::row_halves`]).
    /// A label the model cannot predict is rejected with its row index, as [`crate::evaluate`] does.
    pub fn count(&mut self, halves: &[u16]) -> Result<(), Error> {
        assert_eq!(halves.len() % self.row_halves, 0, "count takes whole rows");
        for row in halves.chunks_exact(self.row_halves) {
            let label = row[self.label_at];
            if label >= self.model.classes {
                return Err(Error::EvalLabel { row: self.rows, label });
            }
            self.correct += u32::from(self.model.predict_halves(row) == label);
            self.rows += 1;
        }
        Ok(())
    }

    /// Rows counted so far and how many were predicted right.
    pub fn evaluation(&self) -> Evaluation {
        Evaluation { correct: self.correct, total: self.rows }
    }
}
