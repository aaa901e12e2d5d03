//! The privacy floor and the canonical preorder, as `backend/src/training/leafFloor.ts` applies them:
//! bottom-up, a split with a leaf child of fewer than `minLeafSize` rows becomes a leaf predicting
//! its own majority, and a split of two leaves with the same class becomes that leaf (it changes no
//! prediction). Both iterative, so no tree depth can overflow a stack.

use alloc::vec;
use alloc::vec::Vec;

use super::grow::{Kind, Tree};
use crate::Node;

/// Applies the floor to `tree` and returns its canonical preorder nodes.
pub fn prune_and_flatten(tree: &Tree, min_leaf_size: u32) -> Vec<Node> {
    let nodes = &tree.nodes;
    // After pruning: Some(class) if node i is (or became) a leaf, None if it stays a split.
    let mut leaf: Vec<Option<u16>> = vec![None; nodes.len()];
    // Children have larger indices than parents, so a reverse scan sees children first.
    for i in (0..nodes.len()).rev() {
        leaf[i] = match nodes[i].kind {
            Kind::Leaf => Some(nodes[i].majority),
            Kind::Split { left, right, .. } => {
                let (l, r) = (left as usize, right as usize);
                let small = |c: usize| leaf[c].is_some() && nodes[c].rows < min_leaf_size;
                if small(l) || small(r) {
                    Some(nodes[i].majority)
                } else {
                    match (leaf[l], leaf[r]) {
                        (Some(a), Some(b)) if a == b => Some(a),
                        _ => None,
                    }
                }
            }
        };
    }
    // Preorder; `patch` is the output index of the split whose `right` starts here.
    let mut out: Vec<Node> = Vec::new();
    let mut stack: Vec<(u32, Option<usize>)> = vec![(0, None)];
    while let Some((id, patch)) = stack.pop() {
        if let Some(at) = patch {
            let here = out.len() as u32;
            if let Node::Split { right, .. } = &mut out[at] {
                *right = here;
            }
        }
        let at = out.len();
        match (leaf[id as usize], nodes[id as usize].kind) {
            (Some(class), _) => out.push(Node::Leaf { class }),
            (None, Kind::Split { feature, threshold, left, right }) => {
                out.push(Node::Split { feature, threshold, left: at as u32 + 1, right: 0 });
                stack.push((right, Some(at)));
                stack.push((left, None));
            }
            (None, Kind::Leaf) => unreachable!("a grown leaf is always a leaf"),
        }
    }
    out
}
