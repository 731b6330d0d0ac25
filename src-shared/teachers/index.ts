/** makeTeacher: the teacher a spec names, drawn from `spec.seed ?? runSeed` on the stream 'teacher'. */
import type { Backend } from '../engine/backend'
import { Rng } from '../engine/prng'
import type { TeacherSpec } from '../spec/teacher'
import { denseFromRows, LinearTeacher } from './linearTeacher'
import { GruTeacher } from './gruTeacher'
import {
  delayTeacher,
  emami21Teacher,
  iclr23BalancedTeacher,
  memorylessTeacher,
  randomStableTeacher,
  unbalancedTeacher,
} from './linearTeachers'
import { SequenceTeacher } from './sequence'
import type { Teacher } from './teacher'

/** `length`: the training length T, which sizes a PROCA sequence teacher (h_j = s_{T−j}); other kinds ignore it. */
export function makeTeacher(spec: TeacherSpec, runSeed: number, backend: Backend, length?: number): Teacher {
  const seed = 'seed' in spec && spec.seed !== undefined ? spec.seed : runSeed
  const rng = new Rng(seed, 'teacher')
  switch (spec.kind) {
    case 'memoryless':
      return new LinearTeacher(memorylessTeacher(spec), 'memoryless')
    case 'random-stable':
      return new LinearTeacher(randomStableTeacher(spec, rng), 'random-stable')
    case 'iclr23-balanced':
      return new LinearTeacher(iclr23BalancedTeacher(spec, rng), 'iclr23-balanced')
    case 'delay':
      return new LinearTeacher(delayTeacher(spec), 'delay')
    case 'unbalanced':
      return new LinearTeacher(unbalancedTeacher(spec, rng), 'unbalanced')
    case 'explicit':
      return new LinearTeacher(denseFromRows(spec.A, spec.B, spec.C, 'teacher'), spec.name ?? 'explicit')
    case 'emami21':
      return new LinearTeacher(emami21Teacher(spec, rng), 'emami21')
    case 'gru':
      return new GruTeacher(spec, rng, seed, backend)
    case 'sequence':
      if (length === undefined) throw new Error('teacher.kind: a "sequence" teacher needs the training length data.length')
      return new SequenceTeacher(spec, length)
    case 'none':
      throw new Error(`teacher.kind: "none" is not a teacher model: targets come from data.dataset`)
  }
}
