/** Slurm actions: export a sweep as a job array, check a job directory, merge its results into the store. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClusterExport, ClusterJobStatus, ClusterMerge } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { useAppStore } from './app'

export const useClusterStore = defineStore('cluster', () => {
  const app = useAppStore()
  const out = ref('')
  const partition = ref('')
  const time = ref('')
  const chunk = ref(1)
  const submit = ref(false)
  const jobDir = ref('')
  const exported = ref<ClusterExport | null>(null)
  const status = ref<ClusterJobStatus | null>(null)
  const merged = ref<ClusterMerge | null>(null)
  const busy = ref(false)

  async function run<T>(action: () => Promise<T>): Promise<T | null> {
    busy.value = true
    try {
      return await action()
    } catch (error) {
      app.reportError(error)
      return null
    } finally {
      busy.value = false
    }
  }

  async function exportSweep(sweepId: string) {
    const job = await run(() =>
      lab.exportToCluster({ sweepId, out: out.value, chunk: chunk.value, partition: partition.value || undefined, time: time.value || undefined, submit: submit.value }),
    )
    if (!job) return
    exported.value = job
    jobDir.value = job.dir
    app.notify(job.submittedJobId ? `Submitted Slurm job ${job.submittedJobId} (${job.tasks} tasks)` : `Wrote ${job.script}: submit it with sbatch`)
  }

  async function checkStatus() {
    status.value = await run(() => lab.clusterJobStatus({ dir: jobDir.value }))
  }

  async function merge() {
    const report = await run(() => lab.mergeClusterJob({ dir: jobDir.value }))
    if (report) {
      merged.value = report
      app.notify(`Merged ${report.imported} runs into sweep ${report.sweepId}`)
    }
  }

  return { out, partition, time, chunk, submit, jobDir, exported, status, merged, busy, exportSweep, checkStatus, merge }
})
