/**
 * The reproduction report: one self-contained HTML file (inline CSS and SVG, no scripts, no network) with a verdict
 * table for every preset, then per figure the claim, our figure, the numbers, the departures, the spec and the code
 * version.
 */
import type { ClaimNumber, EvaluatedClaim, Verdict } from '../../src-shared/claims'
import type { R2Table } from '../../src-shared/claims/r2Table'
import type { Reproduction, ReproductionCard } from '../../src-shared/api/reproduction'
import { fmt } from '../../src-shared/claims/runs'
import { claimVerdict, verdictRow, type ClaimVerdict, type VerdictRow } from '../../src-shared/api/verdicts'
import { figureSvg } from './svg'
import { escapeHtml } from '../../src-shared/util/escapeHtml'

interface ReportContext {
  generatedAt: string
  codeVersion: string
  dbPath: string
}

const esc = escapeHtml

const VERDICT_CLASS: Record<Verdict, string> = { holds: 'holds', partly: 'partly', fails: 'fails', 'not run at this scale': 'notrun' }

function verdictBadge(verdict: Verdict): string {
  return `<span class="badge ${VERDICT_CLASS[verdict]}">${esc(verdict)}</span>`
}

function anchor(card: ReproductionCard): string {
  return `preset-${card.presetId}`
}

/** Provisional state and left-out runs beside a verdict ("provisional (2 of 8 runs)"). */
function verdictNotes(row: VerdictRow): string {
  return row.notes.map((n) => `<span class="note${n.startsWith('provisional') ? ' provisional' : ''}">${esc(n)}</span>`).join(' ')
}

function robustnessLine(claim: ClaimVerdict): string {
  if (!claim.robustness) return ''
  return `<span class="robustness ${claim.robustness.kind}" data-test="robustness">${esc(claim.robustness.summary)}</span>`
}

function verdictTable(reproduction: Reproduction): string {
  const rows = reproduction.papers.flatMap((paper) =>
    paper.cards.map((card) => {
      const row = verdictRow(card, paper.paper)
      const claims = row.claims.map((c) => `${verdictBadge(c.verdict)} ${esc(c.sentence)} ${robustnessLine(c)}`).join('<br>')
      return `<tr data-preset="${esc(card.presetId)}"><td>${esc(paper.paper)}</td><td><a href="#${anchor(card)}">${esc(card.figureName)}</a></td><td class="mono">${esc(card.presetId)}</td><td>${verdictBadge(card.verdict)} ${verdictNotes(row)}</td><td>${claims}</td><td class="mono">${card.sweep ? `${esc(card.sweep.id)} · ${card.finishedRuns}/${card.sweep.total} runs` : '—'}</td></tr>`
    }),
  )
  return `<table class="verdicts" id="verdict-table"><thead><tr><th>paper</th><th>figure</th><th>preset</th><th>verdict</th><th>claims</th><th>sweep</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function numbersTable(numbers: readonly ClaimNumber[]): string {
  if (numbers.length === 0) return ''
  const withPaper = numbers.some((n) => n.paper !== undefined)
  const rows = numbers.map((n) => `<tr><td>${esc(n.label)}</td><td class="num">${esc(fmt(n.value, 4))}</td>${withPaper ? `<td class="num">${n.paper === undefined ? '' : esc(fmt(n.paper, 4))}</td>` : ''}</tr>`)
  return `<table class="numbers"><thead><tr><th>measured</th><th>ours</th>${withPaper ? '<th>paper</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function claimBlock(claim: EvaluatedClaim): string {
  const { outcome } = claim
  return `<div class="claim" data-claim="${esc(claim.id)}">
<blockquote>“${esc(claim.quote)}” <cite>${esc(claim.section)}</cite></blockquote>
<p>${verdictBadge(outcome.verdict)} ${esc(outcome.sentence)}</p>
${robustnessLine(claimVerdict(claim))}
${numbersTable(outcome.numbers)}
${outcome.departures.length ? `<div class="departures"><h5>Departures</h5><ul>${outcome.departures.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></div>` : ''}
</div>`
}

/** EMAMI21 Table 1: models × outputs test R², ours beside the paper's, per variant (whole recording, limited data). */
function r2TableHtml(table: R2Table): string {
  const head = `<tr><th>variant</th><th>model</th>${table.targets.map((t) => `<th>${esc(t)} ours</th><th>${esc(t)} paper</th>`).join('')}<th>step size</th><th>back-offs</th><th>epochs</th><th>converged</th></tr>`
  const training = (row: R2Table['blocks'][number]['rows'][number]) =>
    row.training
      ? `<td class="num">${esc(fmt(row.training.lr, 3))}</td><td class="num">${row.training.backoffs ?? ''}</td><td class="num">${esc(fmt(row.training.epochs, 3))}</td><td>${row.training.converged === null ? '' : row.training.converged === 1 ? 'yes' : 'no (budget)'}</td>`
      : '<td colspan="4" class="paper">closed form</td>'
  const cell = (v: number | null, constant: boolean) => (v === null && constant ? '<td class="paper">constant, left out</td>' : `<td class="num">${esc(fmt(v, 3))}</td>`)
  const rows = table.blocks.flatMap((block) =>
    block.rows.map(
      (row, i) => `<tr class="${row.model === 'ridge' ? 'ridge' : ''}">${i === 0 ? `<td rowspan="${block.rows.length}">${esc(block.label)}</td>` : ''}<td>${esc(row.label)}</td>${row.ours.map((v, j) => `${cell(v, block.constant[j])}<td class="num paper">${row.paper[j] === null ? '' : esc(fmt(row.paper[j], 4))}</td>`).join('')}${training(row)}</tr>`,
    ),
  )
  return `<table class="r2table" data-test="r2-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`
}

function cardSection(paper: string, card: ReproductionCard): string {
  const row = verdictRow(card, paper)
  const figures = card.figures.map((f) => `<figure data-figure="${esc(f.id)}"><figcaption>${esc(f.title)}</figcaption>${figureSvg(f)}</figure>`).join('\n')
  const body = card.sweep
    ? `<p class="meta">Sweep <span class="mono">${esc(card.sweep.id)}</span> (${esc(card.sweep.status)}, ${card.finishedRuns} of ${card.sweep.total} runs finished, ${esc(card.sweep.createdAt)}) · code version <span class="mono">${esc(card.sweep.codeVersion ?? 'unknown')}</span></p>
${card.claims.map(claimBlock).join('\n')}
${card.table ? r2TableHtml(card.table) : ''}
${figures}
<details><summary>Sweep spec</summary><pre>${esc(JSON.stringify(card.sweep.spec, null, 2))}</pre></details>`
    : `<p class="meta">Not run at this scale. ${card.claims.map((c) => `<br>Claim: “${esc(c.quote)}” <cite>${esc(c.section)}</cite>`).join('')}</p><p>Run it with <code>impulse-lab run ${esc(card.presetId)} --scale …${card.needsDataset ? ' --set data.dataset=&lt;id or csv&gt;' : ''}</code>.</p>`
  return `<section class="card" id="${anchor(card)}"><h3>${esc(card.figureName)} — ${verdictBadge(card.verdict)} ${verdictNotes(row)}</h3><p class="title">${esc(card.title)}</p>${body}</section>`
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd}h3{font-size:16px;margin:0}
.meta,.title{color:#555;margin:4px 0}.mono,code,pre{font-family:ui-monospace,monospace;font-size:12px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}.paper{color:#666}tr.ridge td{background:#f7f7fb}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.holds{background:#dff3e4;color:#1d6b34}.partly{background:#fff1cc;color:#7a5a00}.fails{background:#fde0dc;color:#9b2418}.notrun{background:#e8e8e8;color:#555}
.card{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}
blockquote{margin:8px 0;padding:4px 12px;border-left:3px solid #aac;color:#333;font-style:italic}cite{font-style:normal;color:#666;margin-left:6px}
.departures h5{margin:6px 0 2px;font-size:13px}.departures ul{margin:0;padding-left:20px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:320px}
table.verdicts td:nth-child(5){max-width:520px}
.note{font-size:12px;color:#555;margin-left:4px}.note.provisional{color:#7a5a00;font-style:italic}
.robustness{display:inline-block;font-size:12px;margin:0 0 4px}.robustness.robust{color:#1d6b34}.robustness.knife-edge{color:#9b2418;font-weight:600}`

export function reportHtml(reproduction: Reproduction, context: ReportContext): string {
  const cards = reproduction.papers.map((paper) => `<h2>${esc(paper.paper)} — ${esc(paper.title)}</h2>\n${paper.cards.map((card) => cardSection(paper.paper, card)).join('\n')}`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Impulse Lab reproduction report (${esc(reproduction.scale)} scale)</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head><body>
<h1>Impulse Lab — does each paper's result hold?</h1>
<p class="meta">Scale <b>${esc(reproduction.scale)}</b> · generated ${esc(context.generatedAt)} · code version <span class="mono">${esc(context.codeVersion)}</span> · store <span class="mono">${esc(context.dbPath)}</span></p>
<p class="meta">Each verdict comes from a claim function over the latest sweep of the preset at this scale: <b>holds</b> (its central effect and every auxiliary check hold), <b>partly</b> (the central effect holds, an auxiliary check departs: the departures say why), <b>fails</b> (the central effect is absent), <b>not run at this scale</b> (no sweep, or the claim needs the other scale). A verdict read while runs are still queued or running is <i>provisional (n of m runs)</i>; runs that failed, were cancelled or interrupted are left out and counted. Under each claim: <i>robust</i>, or <i>knife-edge</i> with what flips it (resampled seeds, thresholds ×0.5 and ×2, the horizon halved and doubled).</p>
${verdictTable(reproduction)}
${cards}
</body></html>
`
}
