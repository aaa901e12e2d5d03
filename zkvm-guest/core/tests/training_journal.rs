//! Format 2 ("proof of training"): the 320-byte journal's layout and strict decoding, and
//! `training_journal`, the guest's mode-2 function, including the attacks it must not let through.
//! (Cross-language agreement is in golden.rs.)

use sha2::{Digest, Sha256};
use veritree_core::train::{train, TrainParams};
use veritree_core::*;

fn sha256(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}

fn sample() -> TrainingJournal {
    TrainingJournal {
        format: JOURNAL_FORMAT_TRAINING,
        job_id: [1; 32],
        model_hash: [2; 32],
        test_set_hash: [3; 32],
        correct: 0x0102_0304,
        total: u32::MAX,
        threshold_bps: 10_000,
        met: true,
        dataset_commitment: [8; 32],
        params_hash: [9; 32],
    }
}

#[test]
fn layout_is_format_1_words_then_two_hashes() {
    let j = sample();
    let e = j.encode();
    assert_eq!(e.len(), TRAINING_JOURNAL_BYTES);
    assert_eq!(e.len(), 320);
    assert!(e[..28].iter().all(|&b| b == 0));
    assert_eq!(&e[28..32], &[0, 0, 0, 2]);
    // Words 1..7 are byte-identical to a format-1 journal with the same fields.
    let one = Journal { format: JOURNAL_FORMAT_ACCURACY, ..AnyJournal::Training(j).accuracy_fields().unwrap() }.encode();
    assert_eq!(&e[32..256], &one[32..256]);
    assert_eq!(&e[256..288], &[8; 32]);
    assert_eq!(&e[288..320], &[9; 32]);
    assert_eq!(TrainingJournal::decode(&e), Ok(j));
}

#[test]
fn strict_decoding_rejects_every_malformed_word() {
    let e = sample().encode();
    assert_eq!(TrainingJournal::decode(&e[..319]), Err(Error::JournalLength { len: 319, expected: 320 }));
    let mut long = e.to_vec();
    long.push(0);
    assert_eq!(TrainingJournal::decode(&long), Err(Error::JournalLength { len: 321, expected: 320 }));
    let mut f = e;
    f[31] = 1;
    assert_eq!(TrainingJournal::decode(&f), Err(Error::JournalFormat { format: 1 }));
    let mut m = e;
    m[8 * 32 - 1] = 2;
    assert_eq!(TrainingJournal::decode(&m), Err(Error::JournalWord { word: 7 }));
    for word in [0usize, 4, 5, 6, 7] {
        let mut p = e;
        p[word * 32] = 1;
        assert_eq!(TrainingJournal::decode(&p), Err(Error::JournalWord { word }), "word {word}");
    }
}

#[test]
fn the_two_formats_never_decode_as_each_other() {
    let two = sample().encode();
    let one = Journal { format: JOURNAL_FORMAT_ACCURACY, ..AnyJournal::Training(sample()).accuracy_fields().unwrap() }.encode();
    assert_eq!(Journal::decode(&two).unwrap_err().code(), "JOURNAL_LENGTH");
    assert_eq!(TrainingJournal::decode(&one).unwrap_err().code(), "JOURNAL_LENGTH");
    // A format-2 journal cut to 256 bytes is not a format-1 journal either.
    assert_eq!(Journal::decode(&two[..256]).unwrap_err().code(), "JOURNAL_FORMAT");
    assert_eq!(AnyJournal::decode(&two), Ok(AnyJournal::Training(sample())));
    assert!(matches!(AnyJournal::decode(&one), Ok(AnyJournal::Accuracy(j)) if j.format == 1));
    assert_eq!(AnyJournal::decode(&two[..256]).unwrap_err().code(), "JOURNAL_LENGTH");
    assert_eq!(AnyJournal::decode(&two[..31]).unwrap_err().code(), "JOURNAL_LENGTH");
    let mut three = two;
    three[31] = 3;
    // Format 3 is 192 bytes: 320 bytes with format word 3 is the wrong length for it.
    assert_eq!(AnyJournal::decode(&three), Err(Error::JournalLength { len: 320, expected: 192 }));
    let mut four = two;
    four[31] = 4;
    assert_eq!(AnyJournal::decode(&four), Err(Error::JournalFormat { format: 4 }));
}

/// 40 rows, 2 features, 3 classes: class = (x0 > 10) + (x1 > 10), with a little noise.
fn dataset() -> Vec<u8> {
    let rows = 40u32;
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for r in 0..rows {
        let (a, b) = (i64::from(r % 20), i64::from((r * 7) % 20));
        values.extend_from_slice(&[a, b]);
        labels.push(u16::from(a > 10) + u16::from(b > 10) - u16::from(r == 13 && a > 10));
    }
    encode_table(rows, 2, &values, &labels).unwrap()
}

fn params(max_depth: u16) -> [u8; 11] {
    TrainParams { max_depth, min_leaf_size: 2, gain_threshold_ppm: 0 }.encode()
}

#[test]
fn training_journal_trains_evaluates_and_commits_the_inputs() {
    let data = dataset();
    let test = dataset();
    let j = training_journal(&data, &params(4), &test, [7; 32], 9000, sha256).unwrap();
    let table = TableView::decode(&data).unwrap();
    let model = train(&table, 3, &TrainParams::decode(&params(4)).unwrap()).unwrap().encode();
    assert_eq!(j.format, 2);
    assert_eq!(j.model_hash, sha256(&model));
    assert_eq!(j.dataset_commitment, sha256(&data));
    assert_eq!(j.params_hash, sha256(&params(4)));
    assert_eq!(j.test_set_hash, sha256(&test));
    assert_eq!(j.job_id, [7; 32]);
    // The first eight fields are exactly format 1's for the trained model's bytes.
    let one = accuracy_journal(&model, &test, [7; 32], 9000, sha256).unwrap();
    assert_eq!(AnyJournal::Training(j).accuracy_fields(), Some(Journal { format: 2, ..one }));
    assert!(j.total == 40 && j.correct <= 40);
}

#[test]
fn class_count_comes_from_the_dataset() {
    let table_bytes = encode_table(3, 1, &[1, 2, 3], &[0, 4, 1]).unwrap();
    let table = TableView::decode(&table_bytes).unwrap();
    assert_eq!(dataset_classes(&table), Ok(5));
    // The trained model's header carries it, so no one can pick another class count (and so
    // another modelHash) for the same dataset and parameters.
    let p = TrainParams { max_depth: 2, min_leaf_size: 1, gain_threshold_ppm: 0 };
    let j = training_journal(&table_bytes, &p.encode(), &table_bytes, [0; 32], 0, sha256).unwrap();
    assert_eq!(j.model_hash, sha256(&train(&table, 5, &p).unwrap().encode()));
    assert_ne!(j.model_hash, sha256(&train(&table, 6, &p).unwrap().encode()));
    // Label 65535 would need 65536 classes.
    let max = encode_table(1, 1, &[0], &[u16::MAX]).unwrap();
    let err = training_journal(&max, &p.encode(), &max, [0; 32], 0, sha256).unwrap_err();
    assert_eq!(err.code(), "TRAIN_LABEL");
}

#[test]
fn attack_a_tampered_dataset_byte_changes_the_commitment() {
    let data = dataset();
    let honest = training_journal(&data, &params(4), &data, [7; 32], 0, sha256).unwrap();
    // Flip a low bit of one value: still a valid table, so it trains, but it is another dataset.
    let mut tampered = data.clone();
    tampered[8] ^= 1;
    let forged = training_journal(&tampered, &params(4), &data, [7; 32], 0, sha256).unwrap();
    assert_ne!(forged.dataset_commitment, honest.dataset_commitment);
    assert_eq!(forged.dataset_commitment, sha256(&tampered));
}

#[test]
fn attack_other_parameters_change_the_params_hash() {
    let data = dataset();
    let a = training_journal(&data, &params(4), &data, [7; 32], 0, sha256).unwrap();
    let b = training_journal(&data, &params(1), &data, [7; 32], 0, sha256).unwrap();
    assert_ne!(a.params_hash, b.params_hash);
    assert_eq!(b.params_hash, sha256(&params(1)));
}

#[test]
fn bad_inputs_are_refused_with_their_code() {
    let data = dataset();
    let p = params(3);
    let run = |d: &[u8], p: &[u8], t: &[u8], bps: u32| training_journal(d, p, t, [0; 32], bps, sha256).unwrap_err().code();
    assert_eq!(run(&data, &p, &data, 10_001), "THRESHOLD_RANGE");
    assert_eq!(run(&data, &p[..10], &data, 0), "PARAMS_LENGTH");
    let mut v2 = p;
    v2[0] = 2;
    assert_eq!(run(&data, &v2, &data, 0), "PARAMS_VERSION");
    assert_eq!(run(&data[..data.len() - 1], &p, &data, 0), "TABLE_LENGTH");
    assert_eq!(run(&data, &p, &data[..7], 0), "TABLE_TRUNCATED");
    let one_feature = encode_table(1, 1, &[0], &[0]).unwrap();
    assert_eq!(run(&data, &p, &one_feature, 0), "EVAL_FEATURES");
    // A test-set label the dataset never had (classes = 3).
    let unseen = encode_table(1, 2, &[0, 0], &[3]).unwrap();
    assert_eq!(run(&data, &p, &unseen, 0), "EVAL_LABEL");
    let few = TrainParams { max_depth: 3, min_leaf_size: 41, gain_threshold_ppm: 0 }.encode();
    assert_eq!(run(&data, &few, &data, 0), "TRAIN_ROWS");
}
