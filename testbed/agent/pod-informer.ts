// A pod informer narrowed by a field selector: one list, then a watch from its resourceVersion; it re-lists only
// when the apiserver answers 410 Gone, as a kubelet's reflector does.
import { ListWatch, Watch, type V1Pod } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import type { Logger } from '../../runner/log/logger.ts';
import type { Kube } from '../../runner/kube/client.ts';

/** What the informer reports: a pod seen (added or changed) or gone. */
export interface PodHandlers {
  upsert(pod: V1Pod): void;
  remove(pod: V1Pod): void;
}

// Watch events arrive as parsed JSON; the list comes typed (Dates). Deserialize events too so handlers see one shape.
class TypedPodWatch extends Watch {
  override watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, obj: unknown, raw: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const typed = (phase: string, obj: unknown, raw: unknown) =>
      callback(phase, phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED' ? ObjectSerializer.deserialize(obj, 'V1Pod', '') : obj, raw);
    return super.watch(path, query, typed, done);
  }
}

// After a failed list or a broken watch (apiserver restarting): wait, then resume from the last resourceVersion.
const RESTART_DELAY_MS = 1000;

/** Keeps a local copy of the pods matching `fieldSelector` (cluster-wide) and calls `handlers` on every change. */
export class PodInformer {
  private readonly listWatch: ListWatch<V1Pod>;
  private stopped = false;

  constructor(
    kube: Kube,
    private readonly fieldSelector: string,
    handlers: PodHandlers,
    private readonly log: Logger,
  ) {
    const list = () => kube.core.listPodForAllNamespaces({ fieldSelector });
    this.listWatch = new ListWatch<V1Pod>('/api/v1/pods', new TypedPodWatch(kube.config), list, false, undefined, fieldSelector);
    this.listWatch.on('add', (pod) => handlers.upsert(pod));
    this.listWatch.on('update', (pod) => handlers.upsert(pod));
    this.listWatch.on('delete', (pod) => handlers.remove(pod));
    // ListWatch stops on any error other than 410 (which it handles with a re-list); start() resumes the watch.
    this.listWatch.on('error', (err: unknown) => {
      if (this.stopped) return;
      this.log.warn({ err, fieldSelector }, 'pod watch failed; resuming');
      setTimeout(() => void (this.stopped ? undefined : this.listWatch.start()), RESTART_DELAY_MS).unref();
    });
  }

  /** Lists and starts watching; resolves once the first list was handed to the handlers (or failed and will retry). */
  start(): Promise<void> {
    this.stopped = false;
    return this.listWatch.start();
  }

  /** The pods as last seen, from memory (no API request). */
  pods(): readonly V1Pod[] {
    return this.listWatch.list();
  }

  /** Ends the watch for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.listWatch.stop();
  }
}
