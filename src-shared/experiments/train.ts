/** The 'train' procedure: build the teacher, then dispatch on the student kind to its trainer. */
import type { RunResult } from '../api/results'
import type { StudentKind } from '../spec/student'
import type { ExperimentSpec } from '../spec/experiment'
import { makeTeacher } from '../teachers'
import type { Teacher } from '../teachers/teacher'
import { trainLinear } from './trainLinear'
import { trainGated } from './trainGated'
import type { Procedure, RunContext } from './procedure'

type Trainer = (spec: ExperimentSpec, ctx: RunContext, teacher: Teacher) => RunResult

/** One line per student kind: the trainer that fits it. */
export const trainers: Partial<Record<StudentKind, Trainer>> = {
  linear: trainLinear,
  gru: trainGated,
  lstm: trainGated,
}

export const train: Procedure<'train'> = (spec, ctx) => {
  const trainer = trainers[spec.student.kind]
  if (!trainer) throw new Error(`student.kind: student kind ${spec.student.kind} is not available`)
  return trainer(spec, ctx, makeTeacher(spec.teacher, spec.seed, ctx.backend, spec.data.length))
}
