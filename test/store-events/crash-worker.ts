// Child process for the crash test: appends webhook events through the ingress committer and claims some,
// printing each id only after its transaction committed, until the parent kills it with SIGKILL.
import { openStore } from '../../src/store/open-store.js';
import { createIngressCommitter } from '../../src/store/ingress-committer.js';

const dir = process.argv[2]!;
const store = openStore(dir, { env: {} });
const committer = createIngressCommitter(store);
// Never run on its own for long should the parent fail to kill it.
setTimeout(() => process.exit(3), 30_000).unref();

let n = 0;
for (;;) {
  const results = await Promise.all(Array.from({ length: 20 }, () =>
    committer.commit([{ flow: 'on_push', source: 'webhook', dedupeKey: `d-${n}`, payload: { n: n++ } }])));
  process.stdout.write(results.map((r) => `acked ${r.inserted[0]}\n`).join(''));
  const claimed = store.events.claim('on_push', 5);
  process.stdout.write(claimed.map((e) => `claimed ${e.id}\n`).join(''));
  const done = claimed[0];
  if (done && store.events.succeed(done.id, 'exec')) process.stdout.write(`succeeded ${done.id}\n`);
}
