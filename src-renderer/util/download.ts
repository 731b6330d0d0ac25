/** Save generated content as a file (a Blob link: Chromium and Electron both turn it into a download). */
export function downloadText(fileName: string, mimeType: string, content: string): void {
  downloadUrl(fileName, URL.createObjectURL(new Blob([content], { type: mimeType })), true)
}

export function downloadUrl(fileName: string, url: string, revoke = false): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  if (revoke) setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file-system-friendly name from a title. */
export function fileSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export'
}
