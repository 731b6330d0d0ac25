/** makeTeacher: the teacher a spec names, drawn from `spec.seed ?? runSeed` on the stream 'teacher'. */
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
import type { Teacher } from './teacher'

export function makeTeacher(spec: TeacherSpec, runSeed: number): Teacher {
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
      return new GruTeacher(spec, rng, seed)
    case 'sequence':
    case 'none':
      throw new Error(`teacher.kind: "${spec.kind}" is not available as a teacher in this build`)
  }
}
