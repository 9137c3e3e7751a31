// A cross-process lock around `up`/`down`, so two `npm test` runs never start two testbeds over one state file.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_DIR } from './paths.ts';
import { isAlive } from './state.ts';

const LOCK_FILE = join(CACHE_DIR, 'testbed.lock');

/** Raised when another live process holds the lock for longer than the wait. */
export class TestbedLockedError extends Error {
  override name = 'TestbedLockedError';
}

/** Runs `fn` holding the lock; a lock left by a dead process is taken over. */
export async function withTestbedLock<T>(fn: () => Promise<T>, waitMs = 600_000): Promise<T> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(LOCK_FILE, 'utf8').trim() || '0');
      if (!holder || !isAlive(holder)) {
        rmSync(LOCK_FILE, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new TestbedLockedError(`another testbed up/down (pid ${holder}) holds ${LOCK_FILE}`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}
