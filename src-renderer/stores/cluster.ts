/** Slurm actions: export a sweep as a job array, check a job (by name, under the store's folder), merge its results. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClusterExport, ClusterJobStatus, ClusterMerge } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { useAppStore } from './app'

export const useClusterStore = defineStore('cluster', () => {
  const app = useAppStore()
  const name = ref('')
  const partition = ref('')
  const account = ref('')
  const time = ref('')
  const chunk = ref(1)
  const submit = ref(false)
  const jobName = ref('')
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
      lab.exportToCluster({ sweepId, name: name.value, chunk: chunk.value, partition: partition.value || undefined, account: account.value || undefined, time: time.value || undefined, submit: submit.value }),
    )
    if (!job) return
    exported.value = job
    jobName.value = name.value
    app.notify(job.submittedJobId ? `Submitted Slurm job ${job.submittedJobId} (${job.tasks} tasks)` : `Wrote ${job.script}: submit it with sbatch`)
  }

  async function checkStatus() {
    status.value = await run(() => lab.clusterJobStatus({ name: jobName.value }))
  }

  async function merge() {
    const report = await run(() => lab.mergeClusterJob({ name: jobName.value }))
    if (report) {
      merged.value = report
      app.notify(`Merged ${report.imported} runs into sweep ${report.sweepId}`)
    }
  }

  return { name, partition, account, time, chunk, submit, jobName, exported, status, merged, busy, exportSweep, checkStatus, merge }
})
