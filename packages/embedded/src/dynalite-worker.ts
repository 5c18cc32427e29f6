// Runs dynalite on its own thread, so the database and the code under test (SDK, parsing,
// grading) use both cores instead of queueing on one event loop.
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const server = dynalite({
  ...(workerData?.path ? { path: workerData.path } : {}),
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});
server.listen(0, '127.0.0.1', () => parentPort?.postMessage({ port: (server.address() as AddressInfo).port }));
parentPort?.on('message', (m) => {
  if (m === 'stop') server.close(() => parentPort?.postMessage({ stopped: true }));
});
