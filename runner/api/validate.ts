// The validation layer in front of the engine: every rejected request fails here, before anything touches the cluster.
import { namespaceName, partitionSpec } from '../faults/spec.ts';
import { ApiError, unprocessable, type FieldProblem } from './errors.ts';
import { zodProblems } from './problems.ts';
import { injectRequest, networkPolicyParameters } from './schema.ts';
import { apiRequestToSpec, expandedSelectorCount, MAX_EXPANDED_SELECTORS, type Translation } from './translate.ts';

// Where each spec field came from on the wire, so spec-level errors name the field the caller actually sent.
const SPEC_TO_WIRE: Record<string, (string | number)[]> = {
  namespace: ['body', 'parameters', 'namespace'],
  target: ['body', 'parameters', 'target_pod_prefix'],
  count: ['body', 'parameters', 'count'],
  blockNats: ['body', 'parameters', 'block_nats'],
  natsNamespace: ['body', 'parameters', 'nats_namespace'],
  blockPods: ['body', 'parameters', 'block_specific_pods'],
  allowNamespaces: ['body', 'parameters', 'allow_namespaces'],
  blockAllEgress: ['body', 'parameters', 'block_all_egress'],
  direction: ['body', 'parameters', 'block_ingress'],
  ports: ['body', 'parameters', 'block_ports'],
  duration: ['body', 'duration'],
  maxLifetime: ['body', 'duration'],
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validates a raw inject body and translates it; throws ApiError 422 (every bad field) or 501 (chaos_mesh). */
export function validateInjectBody(raw: unknown): Translation {
  const top = injectRequest.safeParse(raw);
  const problems: FieldProblem[] = top.success ? [] : zodProblems(top.error, raw, ['body']);
  if (top.success && top.data.mode === 'chaos_mesh') {
    throw new ApiError(
      501,
      'mode "chaos_mesh" is not supported by this service: it injects NetworkPolicy partitions only (mode "networkpolicy"); packet loss, delay and bandwidth faults need Chaos Mesh itself',
    );
  }
  const rawParameters = isPlainObject(raw) && isPlainObject(raw.parameters) ? raw.parameters : {};
  const params = networkPolicyParameters.safeParse(rawParameters);
  if (!params.success) problems.push(...zodProblems(params.error, rawParameters, ['body', 'parameters']));
  if (params.success) {
    const expanded = (params.data.block_specific_pods ?? []).reduce((n, labels) => n + expandedSelectorCount(labels), 0);
    if (expanded > MAX_EXPANDED_SELECTORS) {
      problems.push({
        type: 'value_error',
        loc: ['body', 'parameters', 'block_specific_pods'],
        msg: `list-valued labels expand to ${expanded} selectors (max ${MAX_EXPANDED_SELECTORS}); use fewer values`,
      });
    }
  }
  if (top.success && params.success && params.data.namespace == null && !namespaceName.safeParse(top.data.source).success) {
    problems.push({
      type: 'value_error',
      loc: ['body', 'source'],
      msg: `source "${top.data.source}" is used as the namespace because parameters.namespace is absent, but it is not a namespace name; set parameters.namespace`,
    });
  }
  if (problems.length > 0 || !top.success || !params.success) throw unprocessable(problems);

  const translation = apiRequestToSpec(top.data, params.data, rawParameters);
  const checked = partitionSpec.safeParse(translation.spec);
  if (!checked.success) {
    throw unprocessable(
      checked.error.issues.map((issue) => ({
        type: 'value_error',
        loc: SPEC_TO_WIRE[String(issue.path[0])] ?? ['body'],
        msg:
          issue.path[0] === 'blockPods' && issue.message.startsWith('nothing to block')
            ? 'nothing to block: set block_nats true, give block_specific_pods, or set block_all_egress'
            : issue.message,
      })),
    );
  }
  return translation;
}
