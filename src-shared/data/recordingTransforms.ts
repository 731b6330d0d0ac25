/**
 * Transforms of a recording's CSV text that keep its behaviour and change its neurons, to test that Table 1's
 * settings are not tuned to one recording: neurons duplicated, counts scaled, half the neurons dropped. Neuron
 * columns are the ones named n<digits>; other columns pass through.
 */
export type RecordingTransform = 'neurons x3' | 'counts x10' | 'half dropped'

export function transformRecordingCsv(csv: string, how: RecordingTransform): string {
  const lines = csv.trimEnd().split('\n')
  const header = lines[0].split(',')
  const isNeuron = header.map((h) => /^n\d+$/.test(h.trim()))
  const neuronCols = header.map((_, i) => i).filter((i) => isNeuron[i])
  if (neuronCols.length === 0) throw new Error('transformRecordingCsv: no neuron columns (n<digits>) in the header')
  const rest = header.map((_, i) => i).filter((i) => !isNeuron[i])
  const kept = how === 'half dropped' ? neuronCols.filter((_, k) => k % 2 === 0) : neuronCols
  const copies = how === 'neurons x3' ? 3 : 1
  const factor = how === 'counts x10' ? 10 : 1
  const row = (cells: string[], head: boolean) => {
    const neurons: string[] = []
    // Copies get new names (n<k> numbered on), so the importer reads them as neurons like the originals.
    for (let c = 0; c < copies; c++) for (const i of kept) neurons.push(head ? `n${String(neurons.length + 1).padStart(4, '0')}` : factor === 1 ? cells[i] : String(Number(cells[i]) * factor))
    return [...rest.map((i) => cells[i]), ...neurons].join(',')
  }
  return [row(header, true), ...lines.slice(1).map((l) => row(l.split(','), false))].join('\n') + '\n'
}
