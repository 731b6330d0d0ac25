/** Notes are markdown typed by the user: parsed by marked, then sanitised by DOMPurify before they reach v-html. */
import DOMPurify from 'dompurify'
import { marked } from 'marked'

// A link in a note opens outside the app: the app's own navigation is the URL hash, which a note must not steer.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

/** Safe HTML for a markdown note (GitHub-flavoured: tables, task lists, line breaks kept). */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true })
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] })
}
