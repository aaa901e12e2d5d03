//! Unit tests of decoding, prediction, accuracy and journal encoding, including malformed bytes.
//! (Cross-language agreement is in golden.rs.)

use veritree_core::*;

fn leaf(class: u16) -> Node {
    Node::Leaf { class }
}

fn split(feature: u16, threshold: i64, left: u32, right: u32) -> Node {
    Node::Split { feature, threshold, left, right }
}

fn model(features: u16, classes: u16, nodes: Vec<Node>) -> Model {
    Model { features, classes, nodes }
}

fn fake_hash(b: &[u8]) -> [u8; 32] {
    // Deterministic stand-in so these tests do not depend on a SHA-256 crate.
    let mut h = [0u8; 32];
    for (i, x) in b.iter().enumerate() {
        h[i % 32] ^= x.wrapping_add(i as u8);
    }
    h
}

#[test]
fn split_sends_equal_values_left() {
    let m = model(1, 2, vec![split(0, 10, 1, 2), leaf(0), leaf(1)]);
    let t = encode_table(3, 1, &[9, 10, 11], &[0, 0, 1]).unwrap();
    let view = TableView::decode(&t).unwrap();
    let got: Vec<u16> = (0..3).map(|r| m.predict(&view, r)).collect();
    assert_eq!(got, vec![0, 0, 1]);
    assert_eq!(evaluate(&m, &view), Ok(Evaluation { correct: 3, total: 3 }));
}

#[test]
fn extreme_thresholds() {
    let min = model(1, 2, vec![split(0, i64::MIN, 1, 2), leaf(0), leaf(1)]);
    let max = model(1, 2, vec![split(0, i64::MAX, 1, 2), leaf(0), leaf(1)]);
    let t = encode_table(2, 1, &[i64::MIN, i64::MAX], &[0, 1]).unwrap();
    let view = TableView::decode(&t).unwrap();
    assert_eq!((min.predict(&view, 0), min.predict(&view, 1)), (0, 1));
    assert_eq!((max.predict(&view, 0), max.predict(&view, 1)), (0, 0));
}

#[test]
fn deep_degenerate_tree_decodes_without_recursion() {
    // A right-leaning chain 100k splits deep: split i has left leaf at i+1 and right at i+2.
    let depth = 100_000u32;
    let mut nodes = Vec::new();
    for d in 0..depth {
        let i = 2 * d;
        nodes.push(split(0, i64::from(d), i + 1, i + 2));
        nodes.push(leaf(0));
    }
    nodes.push(leaf(1));
    let m = model(1, 2, nodes);
    let decoded = Model::decode(&m.encode()).unwrap();
    assert_eq!(decoded, m);
    let t = encode_table(2, 1, &[-1, i64::MAX], &[0, 1]).unwrap();
    let view = TableView::decode(&t).unwrap();
    assert_eq!(evaluate(&decoded, &view), Ok(Evaluation { correct: 2, total: 2 }));
}

#[test]
fn malformed_models_name_the_node() {
    let good = model(2, 2, vec![split(0, 5, 1, 2), leaf(0), leaf(1)]).encode();
    assert_eq!(Model::decode(&good).unwrap().nodes.len(), 3);

    let bad_right = model(2, 2, vec![split(0, 5, 1, 3), leaf(0), leaf(1), leaf(1)]).encode();
    assert_eq!(Model::decode(&bad_right), Err(Error::ModelStructure { node: 0 }));

    // Nested: the inner split (node 1) has a wrong right child.
    let inner = model(2, 2, vec![split(0, 5, 1, 4), split(1, 0, 2, 2), leaf(0), leaf(1), leaf(1)]).encode();
    assert_eq!(Model::decode(&inner), Err(Error::ModelStructure { node: 1 }));

    let bad_feature = model(2, 2, vec![split(2, 5, 1, 2), leaf(0), leaf(1)]).encode();
    assert_eq!(Model::decode(&bad_feature), Err(Error::ModelFeature { node: 0, feature: 2 }));

    let bad_class = model(2, 2, vec![split(0, 5, 1, 2), leaf(0), leaf(7)]).encode();
    assert_eq!(Model::decode(&bad_class), Err(Error::ModelClass { node: 2, class: 7 }));

    let mut trailing = good.clone();
    trailing.extend_from_slice(&[0, 0]);
    assert_eq!(Model::decode(&trailing), Err(Error::ModelTrailing { extra: 2 }));

    for cut in 0..good.len() {
        let err = Model::decode(&good[..cut]).unwrap_err();
        assert_eq!(err.code(), "MODEL_TRUNCATED", "cut at {cut}: {err}");
    }

    let mut bad_tag = good.clone();
    bad_tag[8] = 7;
    assert_eq!(Model::decode(&bad_tag), Err(Error::ModelNodeKind { node: 0, tag: 7 }));
}

#[test]
fn every_single_byte_flip_of_a_model_is_rejected_or_changes_the_model() {
    // Canonical: a different accepted byte string must decode to a different tree.
    let m = model(2, 3, vec![split(0, 5, 1, 4), split(1, -2, 2, 3), leaf(0), leaf(1), leaf(2)]);
    let bytes = m.encode();
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut b = bytes.clone();
            b[i] ^= 1 << bit;
            if let Ok(other) = Model::decode(&b) {
                assert_ne!(other, m, "byte {i} bit {bit}");
                assert_eq!(other.encode(), b, "decode/encode must be a bijection");
            }
        }
    }
}

#[test]
fn malformed_tables() {
    assert_eq!(TableView::decode(&[0; 7]).unwrap_err(), Error::TableTruncated { len: 7 });
    let t = encode_table(2, 3, &[1, 2, 3, 4, 5, 6], &[0, 1]).unwrap();
    assert_eq!(t.len(), 8 + 2 * (3 * 8 + 2));
    assert!(TableView::decode(&t).is_ok());
    assert_eq!(
        TableView::decode(&t[..t.len() - 1]).unwrap_err(),
        Error::TableLength { expected: t.len() as u128, actual: t.len() - 1 }
    );
    let mut zero_rows = t.clone();
    zero_rows[0..4].copy_from_slice(&0u32.to_le_bytes());
    assert_eq!(TableView::decode(&zero_rows).unwrap_err().code(), "TABLE_EMPTY");
    assert_eq!(encode_table(0, 1, &[], &[]).unwrap_err().code(), "TABLE_EMPTY");
}

#[test]
fn evaluation_rejects_mismatched_inputs() {
    let m = model(2, 2, vec![split(0, 5, 1, 2), leaf(0), leaf(1)]);
    let one_feature = encode_table(1, 1, &[0], &[0]).unwrap();
    assert_eq!(
        evaluate(&m, &TableView::decode(&one_feature).unwrap()),
        Err(Error::EvalFeatures { model: 2, table: 1 })
    );
    let bad_label = encode_table(2, 2, &[0, 0, 0, 0], &[1, 2]).unwrap();
    assert_eq!(evaluate(&m, &TableView::decode(&bad_label).unwrap()), Err(Error::EvalLabel { row: 1, label: 2 }));
}

#[test]
fn threshold_arithmetic() {
    assert_eq!(threshold_met(27, 30, 9000), Ok(true));
    assert_eq!(threshold_met(26, 30, 9000), Ok(false));
    assert_eq!(threshold_met(0, 30, 0), Ok(true));
    assert_eq!(threshold_met(30, 30, 10_000), Ok(true));
    assert_eq!(threshold_met(29, 30, 10_000), Ok(false));
    assert_eq!(threshold_met(u32::MAX, u32::MAX, 10_000), Ok(true));
    assert_eq!(threshold_met(u32::MAX - 1, u32::MAX, 10_000), Ok(false));
    assert_eq!(threshold_met(1, 1, 10_001), Err(Error::ThresholdRange { bps: 10_001 }));
}

#[test]
fn accuracy_journal_failing_model_says_not_met() {
    // Always predicts class 0 on a balanced two-class set: 50% < 90%.
    let m = model(1, 2, vec![leaf(0)]).encode();
    let t = encode_table(4, 1, &[1, 2, 3, 4], &[0, 1, 0, 1]).unwrap();
    let j = accuracy_journal(&m, &t, [7; 32], 9000, fake_hash).unwrap();
    assert_eq!((j.correct, j.total, j.met), (2, 4, false));
    assert_eq!(j.model_hash, fake_hash(&m));
    assert_eq!(j.test_set_hash, fake_hash(&t));
    assert_eq!(j.job_id, [7; 32]);
    let j = accuracy_journal(&m, &t, [7; 32], 5000, fake_hash).unwrap();
    assert!(j.met);
    assert_eq!(accuracy_journal(&m, &t, [7; 32], 10_001, fake_hash).unwrap_err().code(), "THRESHOLD_RANGE");
}

#[test]
fn journal_layout_and_strict_decoding() {
    let j = Journal {
        format: JOURNAL_FORMAT_ACCURACY,
        job_id: [1; 32],
        model_hash: [2; 32],
        test_set_hash: [3; 32],
        correct: 0x0102_0304,
        total: u32::MAX,
        threshold_bps: 10_000,
        met: true,
    };
    let e = j.encode();
    assert_eq!(e.len(), 256);
    assert_eq!(&e[28..32], &[0, 0, 0, 1]);
    assert_eq!(&e[32..64], &[1; 32]);
    assert_eq!(&e[4 * 32 + 28..5 * 32], &[1, 2, 3, 4]);
    assert_eq!(&e[5 * 32 + 28..6 * 32], &[0xff; 4]);
    assert_eq!(e[255], 1);
    assert!(e[..28].iter().all(|&b| b == 0));
    assert_eq!(Journal::decode(&e), Ok(j));

    assert_eq!(Journal::decode(&e[..255]), Err(Error::JournalLength { len: 255, expected: 256 }));
    let mut f = e;
    f[31] = 2;
    assert_eq!(Journal::decode(&f), Err(Error::JournalFormat { format: 2 }));
    let mut m = e;
    m[255] = 2;
    assert_eq!(Journal::decode(&m), Err(Error::JournalWord { word: 7 }));
    let mut p = e;
    p[4 * 32] = 1;
    assert_eq!(Journal::decode(&p), Err(Error::JournalWord { word: 4 }));
}

#[test]
fn fixed_point_round_trips() {
    for v in [0, 1, -1, 999_999, 1_000_000, -1_500_000, i64::MAX, i64::MIN, 123_456_789_012] {
        assert_eq!(parse_fixed(&format_fixed(v)), Ok(v), "{v}");
    }
    assert_eq!(parse_fixed("1e-1000000000000000000000"), Ok(0));
    assert_eq!(parse_fixed("0.5e-6"), Ok(1));
    assert_eq!(parse_fixed("-0.5e-6"), Ok(-1));
    assert_eq!(parse_fixed("-"), Err(Error::FixedSyntax));
}

#[test]
fn split_comparison_matches_i64_order_on_word_boundaries() {
    // predict_row compares high words first, then low words unsigned: check it is exactly `<=`.
    let edges = [
        i64::MIN, i64::MIN + 1, -(1 << 32) - 1, -(1 << 32), -(1 << 32) + 1, -2, -1, 0, 1,
        (1 << 31) - 1, 1 << 31, (1 << 32) - 1, 1 << 32, (1 << 32) + 1, i64::MAX - 1, i64::MAX,
    ];
    for &threshold in &edges {
        let m = model(1, 2, vec![split(0, threshold, 1, 2), leaf(0), leaf(1)]);
        let labels: Vec<u16> = edges.iter().map(|&v| if v <= threshold { 0 } else { 1 }).collect();
        let t = encode_table(edges.len() as u32, 1, &edges, &labels).unwrap();
        let view = TableView::decode(&t).unwrap();
        assert_eq!(evaluate(&m, &view).unwrap().correct, edges.len() as u32, "threshold {threshold}");
    }
}

/// The test set's rows as halfwords (what the guest hands `RowCounter`).
fn halves(table: &[u8]) -> Vec<u16> {
    table[TABLE_HEADER_BYTES..].chunks_exact(2).map(|h| u16::from_le_bytes([h[0], h[1]])).collect()
}

/// A small deterministic generator (xorshift), so these tests need no crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Values concentrated on the word boundaries where the high/low comparison could go wrong.
    fn value(&mut self) -> i64 {
        const EDGES: [i64; 9] = [i64::MIN, -(1 << 32), -(1 << 31), -1, 0, 1 << 31, 1 << 32, (1 << 32) - 1, i64::MAX];
        match self.next() % 4 {
            0 => EDGES[(self.next() % EDGES.len() as u64) as usize].saturating_add((self.next() % 3) as i64 - 1),
            1 => self.next() as i64,
            _ => (self.next() % 2_000_000_000) as i64 - 1_000_000_000,
        }
    }
}

/// A random canonical tree: preorder, left = index + 1, right = past the left subtree.
fn random_tree(rng: &mut Rng, features: u16, classes: u16, depth: u32, nodes: &mut Vec<Node>) {
    let at = nodes.len();
    if depth == 0 || rng.next() % 5 == 0 {
        nodes.push(leaf((rng.next() % u64::from(classes)) as u16));
        return;
    }
    let (feature, threshold) = ((rng.next() % u64::from(features)) as u16, rng.value());
    nodes.push(split(feature, threshold, at as u32 + 1, 0));
    random_tree(rng, features, classes, depth - 1, nodes);
    let right = nodes.len() as u32;
    nodes[at] = split(feature, threshold, at as u32 + 1, right);
    random_tree(rng, features, classes, depth - 1, nodes);
}

#[test]
fn compiled_model_predicts_exactly_like_the_reference() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..200 {
        let features = 1 + (case % 9) as u16;
        let classes = 2 + (case % 4) as u16;
        let mut nodes = Vec::new();
        random_tree(&mut rng, features, classes, 1 + case % 12, &mut nodes);
        let m = Model::decode(&model(features, classes, nodes).encode()).expect("random tree is canonical");
        let rows = 1 + (rng.next() % 40) as u32;
        let values: Vec<i64> = (0..rows * u32::from(features)).map(|_| rng.value()).collect();
        let labels: Vec<u16> = (0..rows).map(|_| (rng.next() % u64::from(classes)) as u16).collect();
        let t = encode_table(rows, u32::from(features), &values, &labels).unwrap();
        let view = TableView::decode(&t).unwrap();

        let compiled = CompiledModel::new(&m);
        let h = halves(&t);
        for (row, chunk) in h.chunks_exact(usize::from(features) * 4 + 1).enumerate() {
            assert_eq!(compiled.predict_halves(chunk), m.predict(&view, row as u32), "case {case} row {row}");
        }
        // Fed in uneven batches, the counter agrees with evaluate().
        let mut counter = RowCounter::new(&compiled, u32::from(features)).unwrap();
        let per_row = counter.row_halves();
        let split_at = (rows as usize / 3) * per_row;
        counter.count(&h[..split_at]).unwrap();
        counter.count(&h[split_at..]).unwrap();
        assert_eq!(counter.evaluation(), evaluate(&m, &view).unwrap(), "case {case}");
    }
}

#[test]
fn row_counter_rejects_what_evaluate_rejects() {
    let m = model(2, 2, vec![split(1, 0, 1, 2), leaf(0), leaf(1)]);
    let compiled = CompiledModel::new(&m);
    assert_eq!(RowCounter::new(&compiled, 3).unwrap_err(), Error::EvalFeatures { model: 2, table: 3 });
    let t = encode_table(3, 2, &[1, 2, 3, 4, 5, 6], &[0, 1, 2]).unwrap();
    let mut counter = RowCounter::new(&compiled, 2).unwrap();
    assert_eq!(counter.count(&halves(&t)).unwrap_err(), Error::EvalLabel { row: 2, label: 2 });
    let view = TableView::decode(&t).unwrap();
    assert_eq!(evaluate(&m, &view).unwrap_err(), Error::EvalLabel { row: 2, label: 2 });
}

#[test]
fn table_header_is_checked_against_the_whole_length() {
    let t = encode_table(2, 3, &[0; 6], &[0, 0]).unwrap();
    let header: &[u8; 8] = t[..8].try_into().unwrap();
    assert_eq!(decode_table_header(header, t.len()), Ok((2, 3)));
    assert_eq!(decode_table_header(header, t.len() - 1).unwrap_err().code(), "TABLE_LENGTH");
    assert_eq!(decode_table_header(&[0, 0, 0, 0, 3, 0, 0, 0], 8).unwrap_err().code(), "TABLE_EMPTY");
}
