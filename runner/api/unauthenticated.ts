// The compatibility mode for token-less clients (--unauthenticated-as): who they count as, and the start-up refusal
// when that identity would let anyone who reaches the port partition every namespace.
import { ValidationError } from '../util/errors.ts';
import type { Kube } from '../kube/client.ts';
import { kubeErrorMessage } from '../kube/client.ts';
import type { Caller } from './auth.ts';
import { isDnsLabel, isDnsSubdomain } from '../util/k8s-names.ts';

/** Parses `system:serviceaccount:NS:NAME` into the Caller a token of that ServiceAccount would authenticate as. */
export function serviceAccountCaller(user: string): Caller {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user.trim());
  const [ns, name] = [m?.[1] ?? '', m?.[2] ?? ''];
  if (!m || !isDnsLabel(ns) || !isDnsSubdomain(name)) {
    throw new ValidationError(
      `--unauthenticated-as "${user}" is not a ServiceAccount user name; write system:serviceaccount:<namespace>:<name>, e.g. system:serviceaccount:fault-injection-system:fault-injection-client`,
    );
  }
  // The groups TokenReview reports for a ServiceAccount token, so RBAC bound to the account or its groups applies alike.
  return { username: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] };
}

async function allowedEverywhere(kube: Kube, caller: Caller, verb: string): Promise<boolean> {
  const review = await kube.authz.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      // namespace "" asks about every namespace at once: true only for cluster-wide grants.
      spec: {
        user: caller.username,
        groups: caller.groups,
        resourceAttributes: { namespace: '', verb, group: 'networking.k8s.io', resource: 'networkpolicies' },
      },
    },
  });
  return review.status?.allowed === true && review.status.denied !== true;
}

/** The service's own user name, or undefined when the cluster has no SelfSubjectReview (before 1.28). */
async function ownUsername(kube: Kube): Promise<string | undefined> {
  try {
    const review = await kube.authn.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    return review.status?.userInfo?.username;
  } catch {
    return undefined;
  }
}

/** Why treating token-less callers as `caller` would allow everything (empty: it is scoped); throws if Kubernetes cannot answer. */
export async function allowEverythingReasons(kube: Kube, caller: Caller): Promise<string[]> {
  const reasons: string[] = [];
  try {
    for (const verb of ['create', 'delete']) {
      if (await allowedEverywhere(kube, caller, verb)) reasons.push(`${caller.username} may ${verb} networkpolicies in every namespace (a cluster-wide grant)`);
    }
  } catch (error) {
    throw new Error(`could not check the rights of --unauthenticated-as ${caller.username} with SubjectAccessReview: ${kubeErrorMessage(error)}`, {
      cause: error,
    });
  }
  if ((await ownUsername(kube)) === caller.username) {
    reasons.push(`${caller.username} is this service's own identity, so token-less callers would get all of the service's rights`);
  }
  return reasons;
}
