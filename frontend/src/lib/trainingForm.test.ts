import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_TRAINING_FORM, parseTrainingForm } from './trainingForm.ts'

test('the default training form is valid', () => {
  assert.ok('params' in parseTrainingForm(DEFAULT_TRAINING_FORM))
})

test('training settings below the privacy floor or out of range are refused with the field named', () => {
  const small = parseTrainingForm({ ...DEFAULT_TRAINING_FORM, minLeafSize: '1' })
  assert.ok('error' in small && small.error.startsWith('minLeafSize:'))
  const deep = parseTrainingForm({ ...DEFAULT_TRAINING_FORM, maxDepth: '99' })
  assert.ok('error' in deep && deep.error.startsWith('maxDepth:'))
  const blank = parseTrainingForm({ ...DEFAULT_TRAINING_FORM, gainThreshold: ' ' })
  assert.deepEqual(blank, { error: 'gainThreshold: enter a number.' })
})

test("the gain threshold is converted to parts per million exactly, with the server's messages", () => {
  assert.deepEqual(parseTrainingForm({ ...DEFAULT_TRAINING_FORM, gainThreshold: '0.000001' }), {
    params: { maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 1 },
  })
  assert.deepEqual(parseTrainingForm({ ...DEFAULT_TRAINING_FORM, gainThreshold: '0.0000001' }), {
    error: 'gainThreshold: "0.0000001" has more than 6 decimals (it is kept in millionths)',
  })
  assert.deepEqual(parseTrainingForm({ ...DEFAULT_TRAINING_FORM, gainThreshold: '1.5' }), {
    error: 'gainThreshold: "1.5" is outside [0, 1]',
  })
})
