/**
 * What `run` and `export-slurm` run: a preset id, or a spec file holding either one experiment spec or a sweep spec
 * (base/axes/seeds); `--set path=value` overrides are applied on top. Errors name the file or the spec field.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { findPreset, presets } from '../../src-shared/presets/index'
import { buildPreset, ExperimentSpec, SCALES, SpecError, type Scale, type SweepSpec, type SweepSpecInput } from '../../src-shared/spec/experiment'
import { forbiddenKeyIssues, formatIssues, nonFiniteIssues, unknownFieldIssues } from '../../src-shared/spec/issues'
import { parseBoundedJson } from '../../src-shared/spec/jsonDepth'
import { statRegularFile } from '../files/regularFile'
import { applyOverrides, parseAssignment } from '../../src-shared/spec/sweep'
import { UsageError } from './command'

interface SweepInput {
  sweep: SweepSpec
  /** The preset id, or null for a spec file. */
  preset: string | null
  /** The scale a preset was built at; null for a spec file. */
  scale: Scale | null
}

const SWEEP_KEYS = ['base', 'axes', 'seeds']
const EXPERIMENT_KEYS = ['experiment', 'teacher', 'student', 'data', 'optimizer', 'stopping', 'metrics', 'options', 'seed']

export function parseScale(value: string | undefined): Scale {
  if (value === undefined) return 'quick'
  if ((SCALES as readonly string[]).includes(value)) return value as Scale
  throw new UsageError(`--scale: expected ${SCALES.join(', ')}, got "${value}"`)
}

/** Read a spec file: a sweep spec as is, an experiment spec as a one-run sweep over its own seed. */
function readSpecFile(file: string): SweepSpecInput {
  statRegularFile(file, 'spec file', (message) => new UsageError(message))
  const doc = parseBoundedJson(readFileSync(file, 'utf8'), file)
  // before zod parses it: zod drops a "__proto__" key silently, and the docs promise a refusal
  const refused = [...forbiddenKeyIssues(doc), ...nonFiniteIssues(doc)]
  if (refused.length > 0) throw new SpecError(formatIssues(refused, file))
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecError(`${file}: expected a JSON object (an experiment spec or a sweep spec with base/axes/seeds)`)
  }
  const keys = Object.keys(doc)
  const isSweep = keys.some((k) => SWEEP_KEYS.includes(k))
  if (isSweep) {
    const stray = keys.filter((k) => EXPERIMENT_KEYS.includes(k))
    if (stray.length > 0) {
      throw new SpecError(`${file}: ${stray.join(', ')}: a sweep spec keeps experiment fields under "base"`)
    }
    // Its fields are checked with the --set overrides applied (validSweep), naming paths as the file has them.
    return { title: basename(file).replace(/\.json$/, ''), ...(doc as SweepSpecInput) }
  }
  const unknown = unknownFieldIssues(ExperimentSpec, doc)
  if (unknown.length > 0) throw new SpecError(formatIssues(unknown, file))
  const spec = doc as Record<string, unknown>
  const seed = typeof spec.seed === 'number' ? spec.seed : 0
  return { title: basename(file).replace(/\.json$/, ''), base: spec, seeds: [seed] }
}

/** Resolve `<preset-id | spec.json>` and apply the --set overrides. Throws SpecError (field named) or UsageError. */
export function loadSweepInput(target: string, options: { scale?: string; set?: string[]; cwd?: string }): SweepInput {
  const scale = parseScale(options.scale)
  const preset = findPreset(target)
  let input: SweepSpecInput
  if (preset) {
    input = buildPreset(preset, scale)
    input = { ...input, title: input.title ?? preset.title }
  } else {
    const file = resolve(options.cwd ?? process.cwd(), target)
    if (!existsSync(file)) {
      const hint = presets.length ? ` (presets: ${presets.map((p) => p.id).join(', ')})` : ''
      throw new UsageError(`"${target}" is neither a preset id nor a spec file${hint}`)
    }
    input = readSpecFile(file)
  }
  const overrides: Record<string, unknown> = {}
  for (const text of options.set ?? []) {
    const { path, value } = parseAssignment(text)
    overrides[path] = value
  }
  return { sweep: applyOverrides(input, overrides, preset ? `preset ${preset.id}` : target), preset: preset ? preset.id : null, scale: preset ? scale : null }
}
