#!/usr/bin/env node
// The impulse-lab command line: runs the TypeScript sources through tsx, so `npx impulse-lab` needs no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src-main/cli/main.ts')
