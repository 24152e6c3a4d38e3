// When the last request reached the API: what a write gap (a fault's `await` between check and
// write, hooks.ts writeGap) waits on, so that every request already on the wire passes its checks
// before the first of them writes. The correct sandbox never waits on it.

/** Event-loop turns in a row without a new request before the queue counts as drained. */
const QUIET_TURNS = 3;
/**
 * And at least this long since the last request arrived: a client in another process releases a
 * batch's last bytes a few microseconds apart, and the socket that was read first must not write
 * before the others were read.
 */
const QUIET_MS = 2;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Arrivals {
  private count = 0;
  private lastAt = 0;

  /** A request reached the API. */
  note(): void {
    this.count += 1;
    this.lastAt = performance.now();
  }

  /** Resolves once no request arrived for QUIET_TURNS turns and QUIET_MS. */
  readonly drained = async (): Promise<void> => {
    let seen = this.count;
    let quiet = 0;
    while (quiet < QUIET_TURNS || performance.now() - this.lastAt < QUIET_MS) {
      await turn();
      quiet = this.count === seen ? quiet + 1 : 0;
      seen = this.count;
    }
  };
}
