// Recording transforms keep behaviour and time and change only the neuron columns.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { transformRecordingCsv } from '../../../../src-shared/data/recordingTransforms'

const CSV = 'time_s,n01,n02,n03,vel_x\n0,1,0,2,0.5\n0.05,0,3,1,-0.25\n'

test('neurons ×3, counts ×10 and half dropped: behaviour passes through, neurons are renamed n0001…', () => {
  assert.equal(transformRecordingCsv(CSV, 'neurons x3'), 'time_s,vel_x,n0001,n0002,n0003,n0004,n0005,n0006,n0007,n0008,n0009\n0,0.5,1,0,2,1,0,2,1,0,2\n0.05,-0.25,0,3,1,0,3,1,0,3,1\n')
  assert.equal(transformRecordingCsv(CSV, 'counts x10'), 'time_s,vel_x,n0001,n0002,n0003\n0,0.5,10,0,20\n0.05,-0.25,0,30,10\n')
  assert.equal(transformRecordingCsv(CSV, 'half dropped'), 'time_s,vel_x,n0001,n0002\n0,0.5,1,2\n0.05,-0.25,0,1\n')
  assert.throws(() => transformRecordingCsv('time_s,vel_x\n0,1\n', 'counts x10'), /no neuron columns/)
})
