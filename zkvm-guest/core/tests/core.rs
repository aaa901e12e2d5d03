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

/// A [`Sha256Blocks`] over the `sha2` crate's compression function, as the guest's accelerator.
struct TestSha([u32; 8]);

impl TestSha {
    fn new() -> Self {
        Self([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
    }
}

impl Sha256Blocks for TestSha {
    fn compress(&mut self, words: &[u32]) {
        assert_eq!(words.len() % 16, 0, "whole blocks only");
        for block in words.chunks_exact(16) {
            let bytes: Vec<u8> = block.iter().flat_map(|w| w.to_le_bytes()).collect();
            sha2::compress256(&mut self.0, &[*sha2::digest::generic_array::GenericArray::from_slice(&bytes)]);
        }
    }
    fn digest(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (o, w) in out.chunks_exact_mut(4).zip(self.0) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        out
    }
}

/// Streams `table` as the guest does, reading through `read_sizes` to record the batch sizes.
fn stream(compiled: &CompiledModel, table: &[u8]) -> Result<StreamedTestSet, Error> {
    let mut at = 0usize;
    let read = |words: &mut [u32], bytes: usize| {
        assert!(bytes <= words.len() * 4 && bytes > (words.len() - 1) * 4, "reads fill the words given");
        let mut buf = vec![0u8; words.len() * 4];
        buf[..bytes].copy_from_slice(&table[at..at + bytes]);
        at += bytes;
        for (w, b) in words.iter_mut().zip(buf.chunks_exact(4)) {
            *w = u32::from_le_bytes(b.try_into().unwrap());
        }
    };
    evaluate_streamed(compiled, table.len(), read, TestSha::new())
}

/// The test set as words from its first row (what `RowCounter::count` takes).
fn body_words(table: &[u8]) -> Vec<u32> {
    let mut body = table[TABLE_HEADER_BYTES..].to_vec();
    body.resize(body.len().div_ceil(4) * 4, 0);
    body.chunks_exact(4).map(|w| u32::from_le_bytes(w.try_into().unwrap())).collect()
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
    use sha2::Digest as _;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..300 {
        let features = 1 + (case % 9) as u16;
        let classes = 2 + (case % 4) as u16;
        let mut nodes = Vec::new();
        random_tree(&mut rng, features, classes, 1 + case % 12, &mut nodes);
        let m = Model::decode(&model(features, classes, nodes).encode()).expect("random tree is canonical");
        // Up to ~3 stream batches at 9 features, odd and even row counts.
        let rows = 1 + (rng.next() % if case % 10 == 0 { 800 } else { 40 }) as u32;
        let values: Vec<i64> = (0..rows * u32::from(features)).map(|_| rng.value()).collect();
        let labels: Vec<u16> = (0..rows).map(|_| (rng.next() % u64::from(classes)) as u16).collect();
        let t = encode_table(rows, u32::from(features), &values, &labels).unwrap();
        let view = TableView::decode(&t).unwrap();
        let compiled = CompiledModel::new(&m);

        // Every row on its own, at both parities.
        let words = body_words(&t);
        let pair = usize::from(features) * 4 + 1;
        for row in 0..rows as usize {
            let at = row / 2 * pair;
            let predicted = if row % 2 == 0 {
                compiled.predict_even(&words[at..])
            } else {
                compiled.predict_odd(&words[at + pair / 2..])
            };
            assert_eq!(predicted, m.predict(&view, row as u32), "case {case} row {row}");
        }
        // Fed in batches that start at even rows, the counter agrees with evaluate().
        let mut counter = RowCounter::new(&compiled, u32::from(features)).unwrap();
        let first = (rows / 3) & !1;
        counter.count(&words, first).unwrap();
        counter.count(&words[first as usize / 2 * pair..], rows - first).unwrap();
        let expected = evaluate(&m, &view).unwrap();
        assert_eq!(counter.evaluation(), expected, "case {case}");
        // Streamed, it agrees too, and hashes the exact bytes.
        let streamed = stream(&compiled, &t).unwrap();
        assert_eq!(streamed.evaluation, expected, "case {case}");
        assert_eq!(streamed.hash, <[u8; 32]>::from(sha2::Sha256::digest(&t)), "case {case} rows {rows}");
    }
}

#[test]
fn streamed_hash_is_sha256_at_every_padding_boundary() {
    use sha2::Digest as _;
    let m = CompiledModel::new(&model(1, 2, vec![leaf(1)]));
    // 1 feature: 10-byte rows, so the tail and the padding land on every offset within a block.
    for rows in 1..=40u32 {
        let t = encode_table(rows, 1, &vec![7; rows as usize], &vec![1; rows as usize]).unwrap();
        let s = stream(&m, &t).unwrap();
        assert_eq!(s.hash, <[u8; 32]>::from(sha2::Sha256::digest(&t)), "rows {rows}");
        assert_eq!(s.evaluation, Evaluation { correct: rows, total: rows });
    }
}

#[test]
fn streaming_rejects_what_decode_and_evaluate_reject() {
    let m = model(2, 2, vec![split(1, 0, 1, 2), leaf(0), leaf(1)]);
    let compiled = CompiledModel::new(&m);
    assert_eq!(RowCounter::new(&compiled, 3).unwrap_err(), Error::EvalFeatures { model: 2, table: 3 });
    let t = encode_table(3, 2, &[1, 2, 3, 4, 5, 6], &[0, 1, 2]).unwrap();
    let view = TableView::decode(&t).unwrap();
    assert_eq!(evaluate(&m, &view).unwrap_err(), Error::EvalLabel { row: 2, label: 2 });
    assert_eq!(stream(&compiled, &t).unwrap_err(), Error::EvalLabel { row: 2, label: 2 });
    // A bad label on an odd row is named too.
    let t = encode_table(2, 2, &[1, 2, 3, 4], &[0, 5]).unwrap();
    assert_eq!(stream(&compiled, &t).unwrap_err(), Error::EvalLabel { row: 1, label: 5 });
    let three = encode_table(1, 3, &[0; 3], &[0]).unwrap();
    assert_eq!(stream(&compiled, &three).unwrap_err(), Error::EvalFeatures { model: 2, table: 3 });
    // Lengths: shorter than a header, or not what the header says.
    let result = evaluate_streamed(&compiled, 7, |_: &mut [u32], _| panic!("nothing is read"), TestSha::new());
    assert_eq!(result.unwrap_err(), Error::TableTruncated { len: 7 });
    let mut read_header = |words: &mut [u32], bytes: usize| {
        assert_eq!(bytes, 8, "only the header is read before the length is checked");
        words.copy_from_slice(&[3, 2]);
    };
    // The header says 3 rows of 2 features: 62 bytes.
    let result = evaluate_streamed(&compiled, 63, &mut read_header, TestSha::new());
    assert_eq!(result.unwrap_err().code(), "TABLE_LENGTH");
    let empty = evaluate_streamed(&compiled, 8, |w: &mut [u32], _| w.copy_from_slice(&[0, 2]), TestSha::new());
    assert_eq!(empty.unwrap_err().code(), "TABLE_EMPTY");
}

#[test]
fn streamed_journal_matches_accuracy_journal() {
    use sha2::Digest as _;
    let sha = |b: &[u8]| <[u8; 32]>::from(sha2::Sha256::digest(b));
    let m = model(2, 2, vec![split(1, 0, 1, 2), leaf(0), leaf(1)]);
    let t = encode_table(3, 2, &[1, 2, 3, -4, 5, 6], &[1, 0, 0]).unwrap();
    let streamed = stream(&CompiledModel::new(&m), &t).unwrap();
    for bps in [0, 3333, 3334, 10_000] {
        let whole = accuracy_journal(&m.encode(), &t, [9; 32], bps, sha).unwrap();
        assert_eq!(streamed.journal([9; 32], sha(&m.encode()), bps).unwrap(), whole, "bps {bps}");
    }
    assert_eq!(streamed.journal([9; 32], [0; 32], 10_001).unwrap_err().code(), "THRESHOLD_RANGE");
}

#[test]
fn table_header_is_checked_against_the_whole_length() {
    let t = encode_table(2, 3, &[0; 6], &[0, 0]).unwrap();
    let header: &[u8; 8] = t[..8].try_into().unwrap();
    assert_eq!(decode_table_header(header, t.len()), Ok((2, 3)));
    assert_eq!(decode_table_header(header, t.len() - 1).unwrap_err().code(), "TABLE_LENGTH");
    assert_eq!(decode_table_header(&[0, 0, 0, 0, 3, 0, 0, 0], 8).unwrap_err().code(), "TABLE_EMPTY");
}

/// Streams canonical inputs as the guest's mode 3 does.
fn stream_inputs(compiled: &CompiledModel, inputs: &[u8]) -> Result<StreamedInputs, Error> {
    let mut at = 0usize;
    let read = |words: &mut [u32], bytes: usize| {
        assert_eq!(bytes, words.len() * 4, "input rows are whole words");
        for w in words.iter_mut() {
            *w = u32::from_le_bytes(inputs[at..at + 4].try_into().unwrap());
            at += 4;
        }
    };
    predict_streamed(compiled, inputs.len(), read, TestSha::new())
}

#[test]
fn streamed_inputs_predict_like_the_reference_and_hash_the_exact_bytes() {
    use sha2::Digest as _;
    let sha = |b: &[u8]| <[u8; 32]>::from(sha2::Sha256::digest(b));
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for case in 0..200 {
        let features = 1 + (case % 9) as u16;
        let classes = 2 + (case % 4) as u16;
        let mut nodes = Vec::new();
        random_tree(&mut rng, features, classes, 1 + case % 12, &mut nodes);
        let model_bytes = model(features, classes, nodes).encode();
        let m = Model::decode(&model_bytes).expect("random tree is canonical");
        // Up to several 4 KiB batches, and batch boundaries at every offset.
        let rows = 1 + (rng.next() % if case % 10 == 0 { 1500 } else { 40 }) as u32;
        let values: Vec<i64> = (0..rows * u32::from(features)).map(|_| rng.value()).collect();
        let inputs = encode_inputs(rows, u32::from(features), &values).unwrap();
        let view = InputsView::decode(&inputs).unwrap();
        let reference = predict_inputs(&m, &view).unwrap();
        // The same rows as a labelled table: the inputs are the table without its labels.
        let table = encode_table(rows, u32::from(features), &values, &vec![0; rows as usize]).unwrap();
        let tv = TableView::decode(&table).unwrap();
        let by_table: Vec<u16> = (0..rows).map(|r| m.predict(&tv, r)).collect();
        assert_eq!(reference, by_table, "case {case}");

        let streamed = stream_inputs(&CompiledModel::new(&m), &inputs).unwrap();
        assert_eq!(streamed.predictions, encode_predictions(&reference), "case {case}");
        assert_eq!(decode_predictions(&streamed.predictions).unwrap(), reference);
        assert_eq!(streamed.hash, sha(&inputs), "case {case} rows {rows}");
        let (whole, predictions) = inference_journal(&model_bytes, &inputs, [5; 32], sha).unwrap();
        assert_eq!(streamed.journal([5; 32], sha(&model_bytes), sha), whole, "case {case}");
        assert_eq!(predictions, streamed.predictions);
        assert_eq!(whole.count, rows);
        assert_eq!(whole.predictions_hash, sha(&predictions));
    }
}

#[test]
fn inputs_streaming_rejects_what_decode_rejects() {
    let m = model(2, 2, vec![split(1, 0, 1, 2), leaf(0), leaf(1)]);
    let compiled = CompiledModel::new(&m);
    let three = encode_inputs(1, 3, &[0; 3]).unwrap();
    assert_eq!(stream_inputs(&compiled, &three).unwrap_err(), Error::EvalFeatures { model: 2, table: 3 });
    assert_eq!(predict_inputs(&m, &InputsView::decode(&three).unwrap()).unwrap_err().code(), "EVAL_FEATURES");
    let result = predict_streamed(&compiled, 7, |_: &mut [u32], _| panic!("nothing is read"), TestSha::new());
    assert_eq!(result.unwrap_err(), Error::TableTruncated { len: 7 });
    // The header says 3 rows of 2 features: 56 bytes; a labelled table's 62 is refused.
    let read_header = |words: &mut [u32], bytes: usize| {
        assert_eq!(bytes, 8, "only the header is read before the length is checked");
        words.copy_from_slice(&[3, 2]);
    };
    assert_eq!(predict_streamed(&compiled, 62, read_header, TestSha::new()).unwrap_err().code(), "TABLE_LENGTH");
    let empty = predict_streamed(&compiled, 8, |w: &mut [u32], _| w.copy_from_slice(&[0, 2]), TestSha::new());
    assert_eq!(empty.unwrap_err().code(), "TABLE_EMPTY");
    assert_eq!(encode_inputs(0, 2, &[]).unwrap_err().code(), "TABLE_EMPTY");
    assert_eq!(decode_predictions(&[]).unwrap_err().code(), "PREDICTIONS_LENGTH");
    assert_eq!(decode_predictions(&[1, 0, 2]).unwrap_err().code(), "PREDICTIONS_LENGTH");
}

#[test]
fn inference_journal_layout_and_strict_decoding() {
    let j = InferenceJournal {
        format: JOURNAL_FORMAT_INFERENCE,
        request_id: [1; 32],
        model_hash: [2; 32],
        inputs_hash: [3; 32],
        count: 0x0102_0304,
        predictions_hash: [5; 32],
    };
    let e = j.encode();
    assert_eq!(e.len(), INFERENCE_JOURNAL_BYTES);
    assert_eq!(&e[28..32], &[0, 0, 0, 3]);
    assert_eq!(&e[32..64], &[1; 32]);
    assert_eq!(&e[4 * 32 + 28..5 * 32], &[1, 2, 3, 4]);
    assert_eq!(&e[160..192], &[5; 32]);
    assert_eq!(InferenceJournal::decode(&e), Ok(j));
    assert_eq!(AnyJournal::decode(&e), Ok(AnyJournal::Inference(j)));
    assert_eq!(AnyJournal::Inference(j).accuracy_fields(), None);

    assert_eq!(InferenceJournal::decode(&e[..191]), Err(Error::JournalLength { len: 191, expected: 192 }));
    let mut f = e;
    f[31] = 2;
    assert_eq!(InferenceJournal::decode(&f), Err(Error::JournalFormat { format: 2 }));
    let mut zero = e;
    zero[4 * 32 + 28..5 * 32].fill(0);
    assert_eq!(InferenceJournal::decode(&zero), Err(Error::JournalEmpty));
    for word in [0usize, 4] {
        let mut p = e;
        p[word * 32] = 1;
        assert_eq!(InferenceJournal::decode(&p), Err(Error::JournalWord { word }), "word {word}");
    }
}
