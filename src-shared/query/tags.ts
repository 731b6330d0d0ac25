/**
 * What a tag may be, one rule for the app and the command line: 1–60 letters, digits, _ - . / and no spaces, so a
 * tag is one word in the query language (`tag:long-k`). A list typed in the app is separated by commas; a piece with
 * a space inside is refused rather than split into two tags the user did not mean.
 */
const TAG = /^[\p{L}\p{N}_\-./]{1,60}$/u

/** Why `tag` is not a valid tag, or null when it is. */
export function tagProblem(tag: string): string | null {
  if (TAG.test(tag)) return null
  if (/\s/.test(tag.trim())) return `tag "${tag}": a tag has no spaces (write ${tag.trim().split(/\s+/).join('-')}; separate tags with commas)`
  return `tag "${tag}": use 1–60 letters, digits, _ - . /`
}

/** Tags typed as a comma-separated list: the tags, or the first problem. */
export function parseTagList(text: string): { tags: string[]; problem: string | null } {
  const tags = [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))]
  const problem = tags.map(tagProblem).find((p) => p !== null) ?? null
  return { tags: problem ? [] : tags, problem }
}
