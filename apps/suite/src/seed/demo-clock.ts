/**
 * The clock the embedded suite's services stamp server-set dates with (`TmfServerOptions.now`):
 * the real time (or the clock the suite was given), except while a seed plays a past part of the
 * demo story — clients may not set `creationDate`, `statusChangeDate` or `submittedDate`, so the
 * story's earlier months are written through the API with the clock moved back instead.
 */
export class DemoClock {
  private at: Date | undefined

  constructor (private readonly base: () => Date = () => new Date()) {}

  /** The time every server-set date gets now. */
  now (): Date {
    return this.at === undefined ? this.base() : new Date(this.at.getTime())
  }

  /** Runs `fn` with the clock standing at `at` (moved by `advance`), then back to the real time. */
  async during<T> (at: Date, fn: (advance: (ms: number) => void) => Promise<T>): Promise<T> {
    this.at = new Date(at.getTime())
    try {
      return await fn((ms) => { this.at = new Date((this.at ?? this.base()).getTime() + ms) })
    } finally {
      this.at = undefined
    }
  }
}
