// Worker for the token compare-and-set race: opens its own store on the shared data directory and keeps
// trying to advance the token version from the version it last read, counting its wins.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../src/store/open-store.js';

const { dir, key, connectionId, worker, until } = workerData as { dir: string; key: string; connectionId: string; worker: number; until: number };
const store = openStore(dir, { env: { RUNTIME_SECRET_KEY: key } });
const wins: number[] = [];
for (;;) {
  const current = store.connections.getById(connectionId)!;
  if (current.tokenVersion >= until) break;
  const won = store.connections.saveTokens(connectionId, { accessToken: `w${worker}-v${current.tokenVersion + 1}` }, current.tokenVersion);
  if (won) wins.push(current.tokenVersion + 1);
}
store.close();
parentPort!.postMessage(wins);
