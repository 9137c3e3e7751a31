// Direct transport: the same FaultService the HTTP API runs, in-process; Kubernetes RBAC on the caller's own credentials decides.
import { createFaultEngine, processOwner } from '../faults/engine.ts';
import type { Kube } from '../kube/client.ts';
import type { Logger } from '../log/logger.ts';
import type { FaultEngine } from '../faults/types.ts';
import { FaultService, type AccessCheck } from '../api/service.ts';
import type { FaultTransport } from './transport.ts';

// The API server's own authorization step is replaced by Kubernetes itself refusing what these credentials may not do.
const kubernetesDecides: AccessCheck = async () => true;

/** A transport calling the engine directly: one built over `kube`, or the given `engine`. */
export function directTransport(options: { kube: Kube; logger?: Logger } | { engine: FaultEngine }): FaultTransport {
  const engine = 'engine' in options ? options.engine : createFaultEngine(options.kube, { logger: options.logger });
  const service = new FaultService(engine);
  // A direct caller is recorded as its CLI user or runner Job, not as an API caller.
  const owner = processOwner();
  const who = owner.replace(/^(cli|job)\//, '');
  return {
    inject: (body) => service.inject(body, kubernetesDecides, who, owner),
    recover: (faultId) => service.recover(faultId, kubernetesDecides, who),
    list: (activeOnly) => service.list(activeOnly, kubernetesDecides, who),
    get: (faultId) => service.get(faultId, kubernetesDecides, who),
    cleanup: (namespace) => service.cleanup(namespace, kubernetesDecides, who),
    close: async () => engine.release(),
  };
}
