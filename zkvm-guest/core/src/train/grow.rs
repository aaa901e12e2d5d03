//! Grows the unpruned tree level by level. Each feature is sorted once by (value, row index); every
//! node of the current level owns one contiguous segment of every feature's sorted list, so scoring
//! a level is one linear sweep per feature and splitting it is one stable partition per feature.

use alloc::vec;
use alloc::vec::Vec;

use super::gain::{Gain, Score};
use super::TrainParams;
use crate::TableView;

/// A node of the grown tree. Parents come before their children in [`Tree::nodes`].
#[derive(Debug, Clone)]
pub struct TreeNode {
    pub kind: Kind,
    /// Training rows that reach this node.
    pub rows: u32,
    /// Majority class of those rows (ties to the lowest class).
    pub majority: u16,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Leaf,
    /// Left iff `value <= threshold`; children are node indices.
    Split {
        feature: u16,
        threshold: i64,
        left: u32,
        right: u32,
    },
}

/// The grown tree, root first.
#[derive(Debug, Clone)]
pub struct Tree {
    pub nodes: Vec<TreeNode>,
}

/// A node still to be scored: its segment `[start, start + len)` in every feature's region.
struct Active {
    id: u32,
    depth: u16,
    parent_gain: Option<Gain>,
    start: usize,
    len: usize,
}

/// What a scored node decided, for the partition step.
struct Decision {
    split: bool,
    left_active: bool,
    right_active: bool,
}

const DROP: u8 = 0;
const LEFT: u8 = 1;
const RIGHT: u8 = 2;

/// Where each row goes at the current split, two bits per row: 1M rows take 250 KB, so the
/// partition's random lookups stay in cache.
struct Destinations(Vec<u64>);

impl Destinations {
    fn new(rows: usize) -> Self {
        Self(vec![0; rows.div_ceil(32)])
    }

    #[inline]
    fn set(&mut self, row: u32, dest: u8) {
        let (word, shift) = (row as usize / 32, (row % 32) * 2);
        self.0[word] = (self.0[word] & !(3 << shift)) | (u64::from(dest) << shift);
    }

    #[inline]
    fn get(&self, row: u32) -> u8 {
        ((self.0[row as usize / 32] >> ((row % 32) * 2)) & 3) as u8
    }
}

/// Best candidate of one feature: its score, canonical threshold and left-side size.
type Candidate = (Score, i64, usize);

/// ml-cart's `mean(a, b)` split for integers `a < b`, turned into the canonical `<=` threshold:
/// `x < (a + b) / 2  ⟺  x <= ceil((a + b) / 2) − 1`, computed in i128 so it cannot overflow.
#[inline]
pub fn mean_threshold(a: i64, b: i64) -> i64 {
    ((i128::from(a) + i128::from(b) + 1).div_euclid(2) - 1) as i64
}

fn majority(counts: &[u32]) -> u16 {
    let mut best = 0usize;
    for (c, &n) in counts.iter().enumerate().skip(1) {
        if n > counts[best] {
            best = c;
        }
    }
    best as u16
}

fn sum_squares(counts: &[u32]) -> u64 {
    counts.iter().map(|&c| u64::from(c) * u64::from(c)).sum()
}

fn is_pure(counts: &[u32]) -> bool {
    counts.iter().filter(|&&c| c > 0).count() <= 1
}

/// Scores every candidate split of one feature's sorted segment (see the module rules in `mod.rs`).
/// `labels` are the segment's labels in the same order, `tot` their class counts and `s` the counts'
/// squared sum; `left` must be all zeros and is left holding `tot`.
fn sweep(vals: &[i64], labels: &[u16], tot: &[u32], left: &mut [u32], s: u64) -> Option<Candidate> {
    let m = vals.len();
    let mut best: Option<Candidate> = None;
    let (mut sl, mut sr) = (0u64, s);
    // The current run of equal values starts at `group`; (gsl, gsr) are the sums before it.
    let (mut group, mut gsl, mut gsr) = (0usize, 0u64, s);
    // The first run's partition would leave the left side empty: never a candidate.
    let mut scored = true;
    let mut prev_val = vals[0];
    let mut prev_label = labels[0];
    for i in 0..m {
        let v = vals[i];
        let y = labels[i];
        if i > 0 {
            let threshold = if v != prev_val {
                (group, gsl, gsr, scored) = (i, sl, sr, false);
                (y != prev_label).then(|| mean_threshold(prev_val, v))
            } else {
                (!scored && y != prev_label).then(|| v - 1)
            };
            if let Some(threshold) = threshold {
                scored = true;
                let score = Score::new(gsl, gsr, group as u64, (m - group) as u64);
                if best.as_ref().is_none_or(|b| score.beats(&b.0)) {
                    best = Some((score, threshold, group));
                }
            }
        }
        let c = left[y as usize];
        left[y as usize] = c + 1;
        sl += 2 * u64::from(c) + 1;
        sr -= 2 * u64::from(tot[y as usize] - c) - 1;
        prev_val = v;
        prev_label = y;
    }
    best
}

/// Grows the tree. The caller has checked labels < classes, features <= u16::MAX and
/// rows >= minLeafSize.
pub fn grow(table: &TableView<'_>, classes: u16, params: &TrainParams) -> Tree {
    let n = table.rows() as usize;
    let features = table.features() as usize;
    let classes = usize::from(classes);
    let labels: Vec<u16> = (0..table.rows()).map(|r| table.label(r)).collect();
    let min_split = 2 * u64::from(params.min_leaf_size);
    let can_split = |rows: usize, depth: u16, counts: &[u32]| {
        rows as u64 >= min_split && depth < params.max_depth && !is_pure(counts)
    };

    // Presort: feature f's sorted values, row indices and labels live at [f·n, f·n + active rows).
    // Columns are gathered in one pass over the row-major table, then each is sorted.
    let mut vals: Vec<i64> = vec![0; n * features];
    for r in 0..table.rows() {
        let row = table.row_bytes(r);
        for f in 0..features {
            vals[f * n + r as usize] = i64::from_le_bytes(row[f * 8..f * 8 + 8].try_into().unwrap());
        }
    }
    let mut idx: Vec<u32> = vec![0; n * features];
    let mut labs: Vec<u16> = vec![0; n * features];
    let mut pairs: Vec<(i64, u32)> = Vec::with_capacity(n);
    for f in 0..features {
        let column = f * n..(f + 1) * n;
        pairs.clear();
        pairs.extend(vals[column.clone()].iter().zip(0u32..).map(|(&v, r)| (v, r)));
        // (value, row) keys are unique, so the unstable sort is deterministic.
        pairs.sort_unstable();
        for (k, &(v, r)) in pairs.iter().enumerate() {
            vals[f * n + k] = v;
            idx[f * n + k] = r;
            labs[f * n + k] = labels[r as usize];
        }
    }
    drop(pairs);

    let mut counts = vec![0u32; classes];
    for &y in &labels {
        counts[y as usize] += 1;
    }
    let mut tree = Tree { nodes: vec![TreeNode { kind: Kind::Leaf, rows: n as u32, majority: majority(&counts) }] };
    let mut level: Vec<Active> = Vec::new();
    if can_split(n, 0, &counts) {
        level.push(Active { id: 0, depth: 0, parent_gain: None, start: 0, len: n });
    }

    let mut tot = vec![0u32; classes];
    let mut left = vec![0u32; classes];
    let mut left_counts = vec![0u32; classes];
    let mut dest = Destinations::new(n);
    let mut scratch_vals: Vec<i64> = Vec::new();
    let mut scratch_idx: Vec<u32> = Vec::new();
    let mut scratch_labs: Vec<u16> = Vec::new();

    while !level.is_empty() {
        let mut decisions: Vec<Decision> = Vec::with_capacity(level.len());
        let mut next: Vec<Active> = Vec::new();
        let mut next_start = 0usize;
        for a in &level {
            let seg = |f: usize| f * n + a.start..f * n + a.start + a.len;
            tot.fill(0);
            for &y in &labs[seg(0)] {
                tot[y as usize] += 1;
            }
            let s = sum_squares(&tot);
            let mut best: Option<(usize, Candidate)> = None;
            for f in 0..features {
                let found = sweep(&vals[seg(f)], &labs[seg(f)], &tot, &mut left, s);
                left.fill(0);
                if let Some(c) = found {
                    // Strictly better only: on a tie the lower feature keeps the split.
                    if best.as_ref().is_none_or(|(_, b)| c.0.beats(&b.0)) {
                        best = Some((f, c));
                    }
                }
            }
            let chosen = best.and_then(|(f, (score, threshold, left_len))| {
                let gain = score.gain(a.len as u64, s);
                let differs = a.parent_gain.is_none_or(|p| !gain.same_as(&p));
                (gain.exceeds_ppm(params.gain_threshold_ppm) && differs).then_some((f, threshold, left_len, gain))
            });
            let Some((f, threshold, left_len, gain)) = chosen else {
                decisions.push(Decision { split: false, left_active: false, right_active: false });
                continue;
            };
            // Children: counts, majority, whether they are scored at the next level.
            left_counts.fill(0);
            for &y in &labs[seg(f)][..left_len] {
                left_counts[y as usize] += 1;
            }
            let right_counts: Vec<u32> = tot.iter().zip(&left_counts).map(|(t, l)| t - l).collect();
            let right_len = a.len - left_len;
            let depth = a.depth + 1;
            let left_active = can_split(left_len, depth, &left_counts);
            let right_active = can_split(right_len, depth, &right_counts);
            let left_id = tree.nodes.len() as u32;
            tree.nodes.push(TreeNode { kind: Kind::Leaf, rows: left_len as u32, majority: majority(&left_counts) });
            tree.nodes.push(TreeNode { kind: Kind::Leaf, rows: right_len as u32, majority: majority(&right_counts) });
            tree.nodes[a.id as usize].kind =
                Kind::Split { feature: f as u16, threshold, left: left_id, right: left_id + 1 };
            for (k, &r) in idx[seg(f)].iter().enumerate() {
                dest.set(
                    r,
                    match (k < left_len, left_active, right_active) {
                        (true, true, _) => LEFT,
                        (false, _, true) => RIGHT,
                        _ => DROP,
                    },
                );
            }
            for (active, id, len) in [(left_active, left_id, left_len), (right_active, left_id + 1, right_len)] {
                if active {
                    next.push(Active { id, depth, parent_gain: Some(gain), start: next_start, len });
                    next_start += len;
                }
            }
            decisions.push(Decision { split: true, left_active, right_active });
        }
        if next.is_empty() {
            break;
        }
        // Stable partition of every feature's region: left children's rows, then right children's,
        // node by node; rows of new leaves are dropped. Writes never overtake reads.
        for f in 0..features {
            let base = f * n;
            let mut write = base;
            for (a, d) in level.iter().zip(&decisions) {
                if !d.split || !(d.left_active || d.right_active) {
                    continue;
                }
                scratch_vals.clear();
                scratch_idx.clear();
                scratch_labs.clear();
                for k in base + a.start..base + a.start + a.len {
                    let r = idx[k];
                    match dest.get(r) {
                        LEFT => {
                            vals[write] = vals[k];
                            idx[write] = r;
                            labs[write] = labs[k];
                            write += 1;
                        }
                        RIGHT => {
                            scratch_vals.push(vals[k]);
                            scratch_idx.push(r);
                            scratch_labs.push(labs[k]);
                        }
                        _ => {}
                    }
                }
                let moved = scratch_vals.len();
                vals[write..write + moved].copy_from_slice(&scratch_vals);
                idx[write..write + moved].copy_from_slice(&scratch_idx);
                labs[write..write + moved].copy_from_slice(&scratch_labs);
                write += moved;
            }
            debug_assert_eq!(write - base, next_start);
        }
        level = next;
    }
    tree
}
