// Runs in a worker thread with its own connection: moves WAL pages into the database file
// (PASSIVE checkpoints, which never block the writer). Checkpoints are where SQLite fsyncs
// in WAL mode; doing them here keeps those waits off the request path.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new Database(path);
db.pragma('busy_timeout = 1000');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is checkpointed on the next tick.
  }
}, intervalMs);

parentPort!.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.postMessage('stopped');
  parentPort!.close();
});
