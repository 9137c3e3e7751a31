// Label selectors: matching a pod's labels, and negating "blocked" selectors into NetworkPolicy peers.
import type { V1LabelSelector, V1LabelSelectorRequirement } from '@kubernetes/client-node';
import { ValidationError } from '../util/errors.ts';
import type { LabelSelector } from './spec.ts';

/** Labels of a pod or namespace. */
export type Labels = Readonly<Record<string, string>>;

function requirementMatches(req: V1LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key] as string);
    case 'NotIn':
      // Kubernetes semantics: a pod without the key is "not in" any value set.
      return !has || !values.includes(labels[req.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      throw new ValidationError(`label selector operator "${req.operator}" is not one of In, NotIn, Exists, DoesNotExist`, [
        `matchExpressions.operator: unknown "${req.operator}"`,
      ]);
  }
}

/** True when `labels` satisfy the selector (every matchLabels pair and every expression); `{}` matches all. */
export function matchesLabelSelector(selector: V1LabelSelector, labels: Labels): boolean {
  const pairs = Object.entries(selector.matchLabels ?? {});
  return pairs.every(([k, v]) => labels[k] === v) && (selector.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}

/** True when `labels` carry every pair of an equality selector (the AND a blocked selector means). */
export function hasAllLabels(labels: Labels, selector: LabelSelector): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A conjunction of `key NotIn values` constraints; a pod matches when it holds none of the listed pairs. */
type NotInConjunction = Map<string, Set<string>>;

function extend(conj: NotInConjunction, key: string, value: string): NotInConjunction {
  const next = new Map([...conj].map(([k, vs]) => [k, new Set(vs)] as const));
  next.set(key, (next.get(key) ?? new Set()).add(value));
  return next;
}

/** True when every pod matching `narrow` also matches `wide`, i.e. `wide`'s constraints are a subset. */
function covers(wide: NotInConjunction, narrow: NotInConjunction): boolean {
  return [...wide].every(([k, vs]) => {
    const other = narrow.get(k);
    return other !== undefined && [...vs].every((v) => other.has(v));
  });
}

const canonical = (conj: NotInConjunction): string =>
  JSON.stringify([...conj].map(([k, vs]) => [k, [...vs].sort()]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));

/** Drops duplicate conjunctions and those implied by a wider one; the union of matched pods is unchanged. */
function simplify(conjs: NotInConjunction[]): NotInConjunction[] {
  const unique = [...new Map(conjs.map((c) => [canonical(c), c])).values()];
  // After de-duplication no two differ only in order, so mutual cover cannot happen.
  return unique.filter((c, i) => !unique.some((other, j) => j !== i && covers(other, c)));
}

const toSelector = (conj: NotInConjunction): V1LabelSelector =>
  conj.size === 0
    ? {}
    : {
        matchExpressions: [...conj.keys()].sort().map((key) => ({ key, operator: 'NotIn', values: [...(conj.get(key) ?? [])].sort() })),
      };

/** Options for negateSelectors: the peer cap and the spec field to blame when it is exceeded. */
export interface NegateOptions {
  maxPeers?: number;
  field?: string;
}

/**
 * Pod selectors whose union is exactly "pods matching none of `blocked`".
 * NOT(S1) AND NOT(S2) … with each NOT(S) = OR over S's labels of `key NotIn [value]`, expanded into a union of
 * conjunctions (NetworkPolicy peers are ORed; the expressions inside one selector are ANDed).
 */
export function negateSelectors(blocked: readonly LabelSelector[], options: NegateOptions = {}): V1LabelSelector[] {
  const maxPeers = options.maxPeers ?? 256;
  const field = options.field ?? 'blockPods';
  let conjs: NotInConjunction[] = [new Map<string, Set<string>>()];
  let stoppedEarly = false;
  for (const selector of blocked) {
    const pairs = Object.entries(selector);
    conjs = simplify(conjs.flatMap((conj) => pairs.map(([k, v]) => extend(conj, k, v))));
    // Intermediate results may shrink later, so only runaway growth is stopped here.
    if (conjs.length > maxPeers * 4) {
      stoppedEarly = true;
      break;
    }
  }
  if (conjs.length > maxPeers) {
    throw new ValidationError(
      `${field}: these selectors negate into ${stoppedEarly ? 'more than ' : ''}${conjs.length} NetworkPolicy peers (limit ${maxPeers}); ` +
        'use fewer selectors or fewer labels per selector in blockPods',
      [`${field}: too many selector combinations`],
    );
  }
  return conjs.map(toSelector).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}
