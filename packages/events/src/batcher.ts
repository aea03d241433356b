/**
 * Group commit for hot per-job database work: callers push one item and await its own result,
 * items pushed while a batch is in flight go into the next one. Under load this turns thousands of
 * tiny queries per second into a few larger ones (and keeps a single PGlite connection usable);
 * when idle a lone item still goes out on the next tick.
 */
export class Batcher<I, O> {
  private readonly run: (items: I[]) => Promise<O[]>
  private readonly maxBatch: number
  private pending: Array<{ item: I, resolve: (o: O) => void, reject: (e: unknown) => void }> = []
  private inFlight = false
  private scheduled = false

  constructor (run: (items: I[]) => Promise<O[]>, maxBatch = 500) {
    this.run = run
    this.maxBatch = maxBatch
  }

  async push (item: I): Promise<O> {
    return await new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      this.schedule()
    })
  }

  private schedule (): void {
    if (this.inFlight || this.scheduled) return
    this.scheduled = true
    // setImmediate rather than a microtask: jobs finishing in the same I/O turn share the batch.
    setImmediate(() => {
      this.scheduled = false
      this.flush().catch(() => {}) // flush settles every item itself
    })
  }

  private async flush (): Promise<void> {
    if (this.inFlight || this.pending.length === 0) return
    this.inFlight = true
    const batch = this.pending.splice(0, this.maxBatch)
    try {
      const out = await this.run(batch.map((b) => b.item))
      batch.forEach((b, i) => b.resolve(out[i] as O))
    } catch (err) {
      for (const b of batch) b.reject(err)
    } finally {
      this.inFlight = false
      if (this.pending.length > 0) this.schedule()
    }
  }
}
