// Who is calling and what may they do: TokenReview for the bearer token, SubjectAccessReview per verb and namespace.
import type { Kube } from '../kube/client.ts';
import { kubeErrorMessage } from '../kube/client.ts';
import { ApiError } from './errors.ts';
import { ALLOWED_TTL_MS, DecisionCache, DENIED_TTL_MS, TOKEN_TTL_MS, tokenKey } from './decision-cache.ts';
import type { AccessCheck, Verb } from './service.ts';

/** The authenticated caller as TokenReview reported it. */
export interface Caller {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** Authentication and authorization for one request. */
export interface Auth {
  authenticate(authorizationHeader: string | undefined): Promise<Caller>;
  /** A per-request access check (decisions are memoised for the request). */
  accessFor(caller: Caller): AccessCheck;
}

const unauthorized = (detail: string): ApiError => new ApiError(401, detail);

/**
 * Auth against the Kubernetes API with the service's own ServiceAccount (needs create on tokenreviews and
 * subjectaccessreviews). With `unauthenticatedAs`, a request without an Authorization header counts as that identity
 * (still authorized per request); a request with a header always keeps its own identity, or gets 401.
 */
export function kubernetesAuth(kube: Kube, unauthenticatedAs?: Caller): Auth {
  // Answers are remembered briefly (decision-cache.ts); a rejected token is not, so a 401 always reflects a fresh review.
  const tokens = new DecisionCache<Caller>(() => TOKEN_TTL_MS);
  const decisions = new DecisionCache<boolean>((allowed) => (allowed ? ALLOWED_TTL_MS : DENIED_TTL_MS));
  return {
    async authenticate(header) {
      if (unauthenticatedAs && (header === undefined || header.trim() === '')) return unauthenticatedAs;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
      if (!match?.[1]) throw unauthorized('missing bearer token: send "Authorization: Bearer <ServiceAccount or user token>"');
      const token = match[1];
      return tokens.get(tokenKey(token), () => reviewToken(kube, token));
    },
    accessFor(caller) {
      const who = JSON.stringify([caller.username, caller.uid ?? '', caller.groups ?? [], caller.extra ?? {}]);
      return (verb: Verb, namespace: string) => decisions.get(`${who} ${verb} ${namespace}`, () => subjectAccessReview(kube, caller, verb, namespace));
    },
  };
}

/** Who a bearer token belongs to, by TokenReview; 401 when Kubernetes does not authenticate it. */
async function reviewToken(kube: Kube, token: string): Promise<Caller> {
  let review;
  try {
    review = await kube.authn.createTokenReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } } });
  } catch (error) {
    throw new ApiError(502, `could not check the token with Kubernetes TokenReview: ${kubeErrorMessage(error)}`, { cause: error });
  }
  const user = review.status?.user;
  if (!review.status?.authenticated || !user?.username) {
    throw unauthorized(`invalid bearer token: Kubernetes did not authenticate it${review.status?.error ? ` (${review.status.error})` : ''}`);
  }
  return { username: user.username, uid: user.uid, groups: user.groups, extra: user.extra };
}

async function subjectAccessReview(kube: Kube, caller: Caller, verb: Verb, namespace: string): Promise<boolean> {
  try {
    const review = await kube.authz.createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: caller.username,
          uid: caller.uid,
          groups: caller.groups,
          extra: caller.extra,
          resourceAttributes: { namespace, verb, group: 'networking.k8s.io', resource: 'networkpolicies' },
        },
      },
    });
    return review.status?.allowed === true && review.status.denied !== true;
  } catch (error) {
    throw new ApiError(502, `could not check permissions with Kubernetes SubjectAccessReview: ${kubeErrorMessage(error)}`, { cause: error });
  }
}

/** No authentication at all (--insecure-no-auth): every caller is "anonymous" and allowed everything. */
export function noAuth(): Auth {
  const allowAll: AccessCheck = async () => true;
  return { authenticate: async () => ({ username: 'anonymous' }), accessFor: () => allowAll };
}
