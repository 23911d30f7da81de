// Shared by the black-box tests: free ports, bounded waits, token hashes.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';

export const sha = (s) => createHash('sha256').update(s).digest('hex');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function until(what, fn, attempts = 600) {  // up to 30 s: a deadline, not a budget
  for (let i = 0; i < attempts; i++) {
    try {
      if (await fn()) return;
    } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}
