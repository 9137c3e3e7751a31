// Maps fault-inject's flags (or a -f spec file) onto a PartitionSpec input; each parser names the flag it rejects.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { BlockedPeer, PartitionSpecInput, PortSpec } from '../../faults/spec.ts';
import { ValidationError } from '../../util/errors.ts';

const bad = (flag: string, message: string): ValidationError => new ValidationError(`${flag}: ${message}`, [`${flag}: ${message}`]);

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90", "90s", "5m", "1h30m" → seconds. */
export function parseDuration(text: string, flag = '--duration'): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw bad(flag, `"${text}" is not a duration; use seconds or units s/m/h/d, e.g. 60s, 5m, 1h30m`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** "k=v,k2=v2" → { k: "v", k2: "v2" } (an AND of labels). */
export function parseSelector(text: string, flag = '--selector'): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw bad(flag, `"${pair}" is not key=value; write e.g. app.kubernetes.io/name=nats,tier=backend`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (Object.keys(labels).length === 0) throw bad(flag, 'empty selector; give at least one key=value');
  return labels;
}

/** "k=v,k2=v2@namespace" → a blocked peer (namespace optional). */
export function parseBlockedPeer(text: string): BlockedPeer {
  const at = text.lastIndexOf('@');
  const labels = parseSelector(at >= 0 ? text.slice(0, at) : text, '--block-pods');
  const namespace = at >= 0 ? text.slice(at + 1) : undefined;
  if (namespace === '') throw bad('--block-pods', `"${text}" ends with "@" but names no namespace`);
  return namespace ? { labels, namespace } : { labels };
}

/** "4222", "4222/TCP", "53/udp" → a port. */
export function parsePort(text: string): PortSpec {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  const port = Number(match?.[1]);
  if (!match || port < 1 || port > 65535) throw bad('--port', `"${text}" is not PORT[/TCP|UDP|SCTP] with 1 ≤ PORT ≤ 65535, e.g. 4222/TCP`);
  return { port, protocol: (match[2]?.toUpperCase() ?? 'TCP') as PortSpec['protocol'] };
}

/** "one" | "all" | N. */
export function parseCount(text: string): 'one' | 'all' | number {
  if (text === 'one' || text === 'all') return text;
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  throw bad('--count', `"${text}" must be one, all, or a positive number`);
}

/** The flags of `inject` / `explain` as commander returns them. */
export interface SpecFlags {
  namespace?: string;
  targetPrefix?: string;
  selector?: string;
  count?: string;
  blockNats?: boolean;
  blockPods?: string[];
  allowNamespace?: string[];
  blockAllEgress?: boolean;
  direction?: string;
  established?: string;
  port?: string[];
  duration?: string;
  maxLifetime?: string;
  force?: boolean;
  file?: string;
}

const SPEC_FLAG_NAMES: [keyof SpecFlags, string][] = [
  ['targetPrefix', '--target-prefix'],
  ['selector', '--selector'],
  ['count', '--count'],
  ['blockAllEgress', '--block-all-egress'],
  ['direction', '--direction'],
  ['established', '--established'],
  ['duration', '--duration'],
  ['maxLifetime', '--max-lifetime'],
];

/** Reads a -f spec file (YAML or JSON; YAML is a superset so one parser does both). */
export function readSpecFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`-f ${path}: cannot read the file (${(error as Error).message})`, ['-f'], { cause: error });
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ValidationError(`-f ${path}: not valid YAML/JSON: ${(error as Error).message}`, ['-f'], { cause: error });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ValidationError(`-f ${path}: expected a mapping of spec fields (namespace, target, …)`, ['-f']);
  return value as Record<string, unknown>;
}

/** Builds the spec input; -f provides the spec and only -n and --force may be combined with it. */
export function specFromFlags(flags: SpecFlags, defaultNamespace: string): PartitionSpecInput {
  if (flags.file) {
    const mixed = SPEC_FLAG_NAMES.filter(([key]) => flags[key] !== undefined).map(([, name]) => name);
    if (flags.blockPods?.length) mixed.push('--block-pods');
    if (flags.port?.length) mixed.push('--port');
    if (flags.allowNamespace?.length) mixed.push('--allow-namespace');
    if (flags.blockNats === false) mixed.push('--no-block-nats');
    if (mixed.length > 0) throw bad('-f', `put ${mixed.join(', ')} in the spec file instead; only -n and --force combine with -f`);
    const spec = readSpecFile(flags.file);
    return {
      ...spec,
      namespace: (flags.namespace ?? spec.namespace ?? defaultNamespace) as string,
      ...(flags.force ? { force: true } : {}),
    } as PartitionSpecInput;
  }
  if (!flags.targetPrefix && !flags.selector)
    throw bad('--target-prefix/--selector', 'name the target pods: --target-prefix vllm-decode-worker or --selector app=worker (or -f spec.yaml)');
  if (flags.targetPrefix && flags.selector) throw bad('--target-prefix/--selector', 'give only one of them: a pod-name prefix or a label selector');
  const spec: PartitionSpecInput = {
    namespace: flags.namespace ?? defaultNamespace,
    target: flags.selector ? { selector: parseSelector(flags.selector) } : { prefix: flags.targetPrefix },
    blockNats: flags.blockNats ?? true,
    blockPods: (flags.blockPods ?? []).map(parseBlockedPeer),
    allowNamespaces: flags.allowNamespace ?? [],
    blockAllEgress: flags.blockAllEgress ?? false,
    ports: (flags.port ?? []).map(parsePort),
    force: flags.force ?? false,
  };
  if (flags.count !== undefined) spec.count = parseCount(flags.count);
  if (flags.direction !== undefined) spec.direction = flags.direction as PartitionSpecInput['direction'];
  if (flags.established !== undefined) spec.established = flags.established as PartitionSpecInput['established'];
  if (flags.duration !== undefined) spec.duration = parseDuration(flags.duration);
  if (flags.maxLifetime !== undefined) spec.maxLifetime = parseDuration(flags.maxLifetime, '--max-lifetime');
  return spec;
}
