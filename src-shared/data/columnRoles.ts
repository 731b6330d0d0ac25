/**
 * What each column of a recording is: the one list of roles and the one column shape, used by the API's requests,
 * the import, the dataset file's description and the import wizard's role menus.
 */
import { z } from 'zod'

/** time: the bins' time stamps; neuron: an input (counts or rates); behavior: an output to decode; ignore: not read. */
export const COLUMN_ROLES = ['time', 'neuron', 'behavior', 'ignore'] as const
export const ColumnRole = z.enum(COLUMN_ROLES)
export type ColumnRole = z.infer<typeof ColumnRole>

export const DatasetColumn = z.object({ name: z.string(), role: ColumnRole })
export type DatasetColumn = z.infer<typeof DatasetColumn>

/** Roles a user chose, by column name (the wizard's table; the command line's flags become one too). */
export const RoleChoices = z.record(z.string(), ColumnRole)
export type RoleChoices = z.infer<typeof RoleChoices>
