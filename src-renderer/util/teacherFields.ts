/** The editable fields of each teacher kind, read from the zod schema so the designer never drifts from the spec. */
import { TeacherSpec } from '../../src-shared/spec/teacher'

interface TeacherField {
  name: string
  type: 'number' | 'int' | 'enum' | 'numbers' | 'string'
  options?: string[]
  optional: boolean
}

interface ZodLike {
  _zod: { def: { type: string } }
  unwrap?: () => ZodLike
  options?: string[]
  isInt?: boolean
}

export function teacherFields(kind: TeacherSpec['kind']): TeacherField[] {
  const variant = (TeacherSpec.options as unknown as Array<{ shape: Record<string, ZodLike> }>).find(
    (o) => (o.shape.kind as unknown as { value: string }).value === kind,
  )
  if (!variant) return []
  const out: TeacherField[] = []
  for (const [name, raw] of Object.entries(variant.shape)) {
    let schema = raw
    let optional = false
    while ((schema._zod.def.type === 'default' || schema._zod.def.type === 'optional') && schema.unwrap) {
      optional ||= schema._zod.def.type === 'optional'
      schema = schema.unwrap()
    }
    const type = schema._zod.def.type
    // the matrices have their own editor, and the name is the one the Save box gives (one name field, not two)
    if (name === 'kind' || (kind === 'explicit' && ['A', 'B', 'C', 'name'].includes(name))) continue
    if (type === 'number') out.push({ name, type: schema.isInt ? 'int' : 'number', optional })
    else if (type === 'enum') out.push({ name, type: 'enum', options: schema.options, optional })
    else if (type === 'array') out.push({ name, type: 'numbers', optional })
    else if (type === 'string') out.push({ name, type: 'string', optional })
  }
  return out
}
