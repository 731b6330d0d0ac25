/** The command table: one file per command. To add one, write src-main/cli/<name>.ts exporting a Command and list it here. */
import type { Command } from './command'
import { presetsCommand } from './presets'
import { runCommand } from './run'
import { resumeCommand } from './resume'
import { cancelCommand } from './cancel'
import { runsCommand } from './runs'
import { showCommand } from './show'
import { exportCommand } from './export'
import { importCommand } from './import'
import { datasetsCommand } from './datasets'
import { benchCommand } from './bench'
import { serveCommand } from './serve'
import { exportSlurmCommand } from './exportSlurm'
import { runTaskCommand } from './runTask'
import { mergeCommand } from './merge'
import { tagCommand } from './tag'
import { noteCommand } from './note'
import { renameCommand } from './rename'
import { purgeCommand, restoreCommand, rmCommand } from './trash'
import { reportCommand } from './report'
import { verdictsCommand } from './verdicts'
import { findCommand } from './find'

export const commands: Command[] = [
  presetsCommand,
  runCommand,
  resumeCommand,
  cancelCommand,
  runsCommand,
  tagCommand,
  noteCommand,
  renameCommand,
  rmCommand,
  restoreCommand,
  purgeCommand,
  showCommand,
  exportCommand,
  importCommand,
  datasetsCommand,
  benchCommand,
  serveCommand,
  exportSlurmCommand,
  runTaskCommand,
  mergeCommand,
  reportCommand,
  verdictsCommand,
  findCommand,
]
