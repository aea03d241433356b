import { readFileSync } from 'node:fs'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; 0 when it is gone. */
export function cpuSecondsOf (pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The fields after the command name (which may hold spaces) start after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** A CPU meter over named groups of processes: `mark()` then `since()` gives CPU seconds per group. */
export class CpuMeter {
  private start = new Map<string, number>()
  constructor (private readonly groups: () => Map<string, number[]>) {}

  private read (): Map<string, number> {
    const out = new Map<string, number>()
    for (const [name, pids] of this.groups()) out.set(name, pids.reduce((s, pid) => s + cpuSecondsOf(pid), 0))
    return out
  }

  mark (): void { this.start = this.read() }

  /** CPU seconds per group since mark(). */
  since (): Map<string, number> {
    const now = this.read()
    return new Map([...now].map(([name, v]) => [name, v - (this.start.get(name) ?? 0)]))
  }
}
