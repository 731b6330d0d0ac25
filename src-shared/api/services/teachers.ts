/** The teachers service: preview a teacher system (impulse response, spectrum, Hankel rank) and keep named ones. */
import { z } from 'zod'
import { TeacherSpec } from '../../spec/teacher'
import type { ServiceCalls, ServiceHandlers } from './contract'

export interface TeacherPreview {
  /** Impulse response h_j for j < horizon of output 0 / input 0; null for nonlinear teachers. */
  impulse: number[] | null
  /** Eigenvalues of A (re, im); empty for nonlinear teachers. */
  eigenvalues: Array<{ re: number; im: number }>
  /** Singular values of the Hankel matrix of the impulse response, descending. */
  hankelSingularValues: number[]
  /** Singular values above this fraction of the largest count towards the effective state dimension. */
  hankelRelativeThreshold: number
  /** Number of Hankel singular values above the threshold: the effective state dimension. */
  effectiveDim: number
  /** The teacher's matrices (A, B, C) where it has them, so the designer can turn a kind into explicit matrices. */
  matrices: { A: number[][]; B: number[][]; C: number[][] } | null
  warnings: string[]
}

export interface SavedTeacher {
  name: string
  teacher: TeacherSpec
  createdAt: string
}

export const teachersRequests = {
  previewTeacher: z.object({ teacher: TeacherSpec, horizon: z.number().int().min(2).max(2000).default(60) }),
  listTeachers: z.object({}),
  saveTeacher: z.object({ name: z.string().trim().min(1).max(100), teacher: TeacherSpec }),
  deleteTeacher: z.object({ name: z.string().min(1).max(100) }),
} as const

export interface TeachersAnswers {
  previewTeacher: TeacherPreview
  listTeachers: SavedTeacher[]
  saveTeacher: SavedTeacher
  deleteTeacher: { deleted: boolean }
}

export type TeachersApi = ServiceCalls<typeof teachersRequests, TeachersAnswers>
export type TeachersHandlers = ServiceHandlers<typeof teachersRequests, TeachersAnswers>
