/** The cluster service: Slurm job directories under the store's cluster-jobs folder (src-main/slurm does the work). */
import type { ClusterHandlers } from '../../../src-shared/api/services/cluster'
import { clusterJobDir, exportStoredSweep, mergeSlurmJob, slurmJobStatus, submitScript } from '../../slurm'
import type { LabContext } from '../labContext'

type Req<M extends keyof ClusterHandlers> = Parameters<ClusterHandlers[M]>[0]

export class ClusterService implements ClusterHandlers {
  constructor(private readonly lab: LabContext) {}

  async exportToCluster(request: Req<'exportToCluster'>) {
    this.lab.summaryOf(request.sweepId)
    const { partition, account, time } = request
    const slurm = { ...(partition ? { partition } : {}), ...(account ? { account } : {}), ...(time ? { time } : {}) }
    const job = await exportStoredSweep(this.lab.store, request.sweepId, { out: clusterJobDir(this.lab.store, request.name), chunk: request.chunk, slurm })
    const submittedJobId = request.submit ? submitScript(job.script) : null
    return { ...job, submittedJobId }
  }

  async clusterJobStatus(request: Req<'clusterJobStatus'>) {
    return slurmJobStatus(clusterJobDir(this.lab.store, request.name))
  }

  async mergeClusterJob(request: Req<'mergeClusterJob'>) {
    const report = mergeSlurmJob(this.lab.store, clusterJobDir(this.lab.store, request.name))
    this.lab.fire({ type: 'sweep-changed', sweepId: report.sweepId })
    return report
  }
}
