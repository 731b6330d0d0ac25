/**
 * Notes are markdown typed by the user. Raw HTML in a note is shown as the text it is (marked's html tokens are
 * escaped), and the rendered HTML is sanitised by DOMPurify as well before it reaches v-html.
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'
import { escapeHtml } from '../../src-shared/util/escapeHtml'

const notes = new Marked({ gfm: true, breaks: true, renderer: { html: ({ text }) => escapeHtml(text) } })

// A link in a note opens outside the app: the app's own navigation is the URL hash, which a note must not steer.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

/** Safe HTML for a markdown note (GitHub-flavoured: tables, task lists, line breaks kept). */
export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(notes.parse(text, { async: false }), { USE_PROFILES: { html: true } })
}
