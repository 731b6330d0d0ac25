/**
 * Column names as a user reads them: invisible characters (a BOM inside the header, zero-width spaces and joiners,
 * soft hyphens) removed, non-breaking and other Unicode spaces made plain spaces, runs of spaces collapsed, NFC
 * composed. Two names that look the same are then the same name, and the duplicate check catches them.
 */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g

export function normaliseColumnName(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim()
}
