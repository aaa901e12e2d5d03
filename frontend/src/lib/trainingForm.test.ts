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
