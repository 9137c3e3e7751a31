// `reset`: an ephemeral container in each target pod destroys the pod's own sockets to the blocked peers.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../kube/client.ts';
import { podPath, rawJson } from '../../kube/raw.ts';
import { parseHelperReport, type HelperReport } from './outcome.ts';
import { resetContainer, resetContainerName, type CutPlan } from './helper-specs.ts';
import type { EstablishedSettings } from './settings.ts';
import { pollFor, terminatedMessage } from './wait.ts';

const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';

/** Adds the reset container to one pod (or only asks the apiserver whether it would, with dryRun). */
export async function addResetContainer(
  kube: Kube,
  pod: V1Pod,
  plan: CutPlan,
  settings: EstablishedSettings,
  options: { dryRun?: boolean; name?: string } = {},
): Promise<string> {
  const name = options.name ?? resetContainerName(plan.faultId);
  const { namespace = '', name: podName = '' } = pod.metadata ?? {};
  await rawJson(kube.config, {
    method: 'PATCH',
    path: `${podPath(namespace, podName)}/ephemeralcontainers${options.dryRun ? '?dryRun=All' : ''}`,
    contentType: STRATEGIC_MERGE,
    body: { spec: { ephemeralContainers: [resetContainer(plan, name, settings)] } },
  });
  return name;
}

/** Runs the reset in every target pod at once and returns each container's report. */
export async function resetTargets(kube: Kube, targets: V1Pod[], plan: CutPlan, settings: EstablishedSettings): Promise<HelperReport[]> {
  const name = resetContainerName(plan.faultId);
  return Promise.all(
    targets.map(async (pod) => {
      const { namespace = '', name: podName = '' } = pod.metadata ?? {};
      await addResetContainer(kube, pod, plan, settings, { name });
      const helper = `${podName}/${name}`;
      const finished = await pollFor(
        `ephemeral container ${helper}`,
        async () => {
          const current = await rawJson<V1Pod>(kube.config, { path: podPath(namespace, podName) });
          const status = current.status?.ephemeralContainerStatuses?.find((s) => s.name === name);
          return terminatedMessage(status?.state);
        },
        settings.timeoutMs + settings.settleMs,
      );
      return parseHelperReport(helper, finished.message);
    }),
  );
}
