//! Model bytes: `u32 nodes, u16 features, u16 classes`, then nodes in preorder:
//! split = `u8 0, u16 feature, i64 threshold, u32 left, u32 right`; leaf = `u8 1, u16 class`.
//! Little-endian. Only the canonical encoding of a tree decodes (one tree <-> one byte string).

use alloc::vec::Vec;

use crate::{Error, TableView};

/// Size of the model header.
pub const MODEL_HEADER_BYTES: usize = 8;
const SPLIT_TAG: u8 = 0;
const LEAF_TAG: u8 = 1;

/// One tree node. A row goes LEFT iff `row[feature] <= threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// Internal node; `left`/`right` are node indices.
    Split { feature: u16, threshold: i64, left: u32, right: u32 },
    /// Leaf predicting `class`.
    Leaf { class: u16 },
}

/// A decoded, validated decision tree (`nodes[0]` is the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// Number of input features.
    pub features: u16,
    /// Number of classes.
    pub classes: u16,
    /// Nodes in canonical preorder.
    pub nodes: Vec<Node>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        self.borrow().copied()
    }

    /// The next `N` bytes, borrowed (no copy).
    fn borrow<const N: usize>(&mut self) -> Result<&'a [u8; N], Error> {
        let end = self.at.checked_add(N).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(Error::ModelTruncated { offset: self.bytes.len() })?;
        let out = self.bytes[self.at..end].try_into().unwrap();
        self.at = end;
        Ok(out)
    }
}

impl Model {
    /// Levels from the root to the deepest leaf (0 for a single leaf). Children come after their
    /// parent in canonical preorder, so one forward pass sees each parent's depth first.
    pub fn depth(&self) -> u32 {
        let mut depth = alloc::vec![0u32; self.nodes.len()];
        let mut deepest = 0;
        for (i, node) in self.nodes.iter().enumerate() {
            if let Node::Split { left, right, .. } = *node {
                for child in [left, right] {
                    depth[child as usize] = depth[i] + 1;
                }
                deepest = deepest.max(depth[i] + 1);
            }
        }
        deepest
    }

    /// Decodes and validates canonical model bytes.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader { bytes, at: 0 };
        let nodes_len = u32::from_le_bytes(r.take()?);
        let features = u16::from_le_bytes(r.take()?);
        let classes = u16::from_le_bytes(r.take()?);
        if nodes_len == 0 || features == 0 || classes == 0 {
            return Err(Error::ModelHeader { nodes: nodes_len, features, classes });
        }
        // Bound the allocation by the bytes actually present (a node is >= 3 bytes), never by the
        // header alone, so a lying count cannot make us allocate.
        let mut nodes = Vec::with_capacity((nodes_len as usize).min((bytes.len() - MODEL_HEADER_BYTES) / 3));
        for node in 0..nodes_len {
            // One bounds check per node, then fixed offsets: this loop is a fixed cost of every proof.
            let [tag] = r.take::<1>()?;
            nodes.push(match tag {
                SPLIT_TAG => {
                    let f: &[u8; 18] = r.borrow()?;
                    let feature = u16::from_le_bytes([f[0], f[1]]);
                    let threshold = i64::from_le_bytes([f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]]);
                    let left = u32::from_le_bytes([f[10], f[11], f[12], f[13]]);
                    let right = u32::from_le_bytes([f[14], f[15], f[16], f[17]]);
                    if feature >= features {
                        return Err(Error::ModelFeature { node, feature });
                    }
                    Node::Split { feature, threshold, left, right }
                }
                LEAF_TAG => {
                    let class = u16::from_le_bytes(r.take()?);
                    if class >= classes {
                        return Err(Error::ModelClass { node, class });
                    }
                    Node::Leaf { class }
                }
                tag => return Err(Error::ModelNodeKind { node, tag }),
            });
        }
        if r.at != bytes.len() {
            return Err(Error::ModelTrailing { extra: bytes.len() - r.at });
        }
        check_preorder(&nodes)?;
        Ok(Self { features, classes, nodes })
    }

    /// Canonical bytes. Only meaningful for a model that `decode` would accept.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MODEL_HEADER_BYTES + self.nodes.len() * 19);
        out.extend_from_slice(&(self.nodes.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.features.to_le_bytes());
        out.extend_from_slice(&self.classes.to_le_bytes());
        for node in &self.nodes {
            match *node {
                Node::Split { feature, threshold, left, right } => {
                    out.push(SPLIT_TAG);
                    out.extend_from_slice(&feature.to_le_bytes());
                    out.extend_from_slice(&threshold.to_le_bytes());
                    out.extend_from_slice(&left.to_le_bytes());
                    out.extend_from_slice(&right.to_le_bytes());
                }
                Node::Leaf { class } => {
                    out.push(LEAF_TAG);
                    out.extend_from_slice(&class.to_le_bytes());
                }
            }
        }
        out
    }

    /// Predicted class for `row` of `table`. The table must have `self.features` columns.
    pub fn predict(&self, table: &TableView<'_>, row: u32) -> u16 {
        assert_eq!(table.features(), u32::from(self.features), "table and model feature counts differ");
        self.predict_row(table.row_bytes(row))
    }

    /// Predicts from one row's raw bytes (see [`TableView::row_bytes`]). This is the guest's inner
    /// loop, so it compares `value <= threshold` on the little-endian bytes directly: the signed
    /// high words first, and the unsigned low words only when those are equal. That is the exact
    /// i64 order, with about half the loads of decoding each i64 on a 32-bit machine.
    #[inline]
    pub fn predict_row(&self, row: &[u8]) -> u16 {
        let mut i = 0usize;
        loop {
            match self.nodes[i] {
                Node::Leaf { class } => return class,
                // Children always have larger indices (checked by decode), so this terminates.
                Node::Split { feature, threshold, left, right } => {
                    let at = usize::from(feature) * 8;
                    let v = &row[at..at + 8];
                    let hi = i32::from_le_bytes([v[4], v[5], v[6], v[7]]);
                    let threshold_hi = (threshold >> 32) as i32;
                    let go_left = if hi != threshold_hi {
                        hi < threshold_hi
                    } else {
                        u32::from_le_bytes([v[0], v[1], v[2], v[3]]) <= threshold as u32
                    };
                    i = if go_left { left } else { right } as usize;
                }
            }
        }
    }
}

/// Checks canonical preorder: a split at `i` has `left == i + 1` and `right` == the index just past
/// its left subtree, and the root's subtree spans exactly all nodes. Iterative, so a deep
/// (degenerate) tree cannot overflow the stack.
fn check_preorder(nodes: &[Node]) -> Result<(), Error> {
    // Splits whose left subtree (false) or right subtree (true) is being walked.
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut i = 0usize;
    loop {
        let Some(node) = nodes.get(i) else {
            // A subtree needs a node past the end: blame the innermost open split.
            let node = open.last().map_or(0, |&(s, _)| s) as u32;
            return Err(Error::ModelStructure { node });
        };
        match *node {
            Node::Split { left, .. } => {
                if left as usize != i + 1 {
                    return Err(Error::ModelStructure { node: i as u32 });
                }
                open.push((i, false));
                i += 1;
            }
            Node::Leaf { .. } => {
                i += 1;
                // The subtree ending before `i` is complete; close finished splits.
                loop {
                    match open.last_mut() {
                        None => {
                            return if i == nodes.len() {
                                Ok(())
                            } else {
                                Err(Error::ModelStructure { node: i as u32 })
                            };
                        }
                        Some((split, in_right)) if !*in_right => {
                            let Node::Split { right, .. } = nodes[*split] else { unreachable!() };
                            if right as usize != i {
                                return Err(Error::ModelStructure { node: *split as u32 });
                            }
                            *in_right = true;
                            break;
                        }
                        Some(_) => {
                            open.pop();
                        }
                    }
                }
            }
        }
    }
}
