// Human output of fault-inject: fault tables, the explain view (policy + who is cut off from whom), sweep reports.
import pc from 'picocolors';
import { stringify } from 'yaml';
import type { Fault, FaultPlan, PodRef, SweepReport } from '../../faults/types.ts';
import { policyDirection } from '../../faults/spec.ts';

/** text (tables), json or yaml. */
export type OutputFormat = 'text' | 'json' | 'yaml';

/** Machine formats for any value; undefined for text so the caller renders its own table. */
export function machineOutput(value: unknown, format: OutputFormat): string | undefined {
  if (format === 'json') return JSON.stringify(value, null, 2);
  if (format === 'yaml') return stringify(value, { lineWidth: 0 }).trimEnd();
  return undefined;
}

/** Left-aligned columns, header first; the widest cell sets each column's width. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const pods = (refs: PodRef[]): string => refs.map((p) => p.name).join(',') || '-';

// "in 4m 10s" / "3s ago": expiry matters more as a distance than as a timestamp
export function relative(iso: string, now: Date): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const text = abs >= 3600 ? `${Math.floor(abs / 3600)}h${Math.floor((abs % 3600) / 60)}m` : abs >= 60 ? `${Math.floor(abs / 60)}m${abs % 60}s` : `${abs}s`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

/** The `list` table. */
export function faultTable(faults: Fault[], now = new Date()): string {
  if (faults.length === 0) return 'no active faults';
  return table(
    ['ID', 'NAMESPACE', 'TARGETS', 'BLOCKED', 'EXPIRES', 'OWNER'],
    faults.map((f) => [f.id, f.namespace, pods(f.targetPods), `${f.blockedPods.length} pods`, relative(f.expiresAt, now), f.owner]),
  );
}

/** The `get` / `inject` detail view. */
export function faultDetail(fault: Fault, now = new Date()): string {
  return [
    `fault ${pc.bold(fault.id)} (${fault.status})`,
    `  policy:     ${fault.namespace}/${fault.policyName}`,
    `  targets:    ${pods(fault.targetPods)}`,
    `  blocked:    ${pods(fault.blockedPods)}`,
    `  direction:  ${policyDirection(fault.spec)}${fault.spec.blockAllEgress ? ' (all egress)' : ''}`,
    `  open conns: ${establishedLine(fault)}`,
    `  injected:   ${fault.injectedAt}`,
    `  expires:    ${fault.expiresAt} (${relative(fault.expiresAt, now)})`,
    `  owner:      ${fault.owner}`,
    ...(fault.recoveredAt ? [`  recovered:  ${fault.recoveredAt}`] : []),
  ].join('\n');
}

// What happened to the connections that were open at injection (only inject's own result knows the counts).
function establishedLine(fault: Fault): string {
  const mode = fault.spec.established;
  if (mode === 'keep') return 'keep (left to the enforcer: many keep open flows)';
  const cut = fault.established;
  if (!cut) return mode;
  const what = mode === 'drop' ? 'conntrack entries deleted' : 'sockets destroyed';
  return `${mode}: ${cut.cut} ${what} by ${cut.helpers.length} helper(s) in ${cut.ms} ms${cut.settled ? '' : pc.yellow(' (flows were still re-opening at the end)')}`;
}

/** What the explain view says about connections already open, per mode. */
export function establishedExplanation(mode: string): string {
  if (mode === 'drop')
    return "drop: their conntrack entries are deleted on the targets' nodes, so their next packet meets the policy (silently dropped); the policy covers both directions";
  if (mode === 'reset')
    return "reset: the target pods' sockets to the blocked pods are destroyed (the app sees an error at once; its reconnect meets the policy)";
  return 'keep: left to the enforcer; Calico, Antrea and kube-router keep them open (use --established drop or reset to cut them)';
}

/** Which target pods lose which peers: one row per target × blocked pod. */
export function cutOffMatrix(plan: Pick<FaultPlan, 'targetPods' | 'blockedPods'>, direction: string, blockAllEgress: boolean): string {
  const arrow = direction === 'ingress' ? '<-x-' : direction === 'both' ? '<-x->' : '-x->';
  const lines = plan.targetPods.flatMap((t) =>
    plan.blockedPods.map((b) => `  ${t.namespace}/${t.name} ${arrow} ${b.namespace}/${b.name}${b.ip ? ` (${b.ip})` : ''}`),
  );
  if (blockAllEgress) lines.push(...plan.targetPods.map((t) => `  ${t.namespace}/${t.name} -x-> everything except DNS`));
  return lines.length > 0 ? lines.join('\n') : '  (no blocked pod exists right now; the policy still blocks matching pods that appear later)';
}

/** The `explain` view: warnings, the cut-off matrix and the NetworkPolicy YAML. */
export function explainPlan(plan: FaultPlan, direction: string, blockAllEgress: boolean, established = 'keep'): string {
  return [
    pc.bold('would cut off:'),
    cutOffMatrix(plan, direction, blockAllEgress),
    '',
    pc.bold('connections already open:'),
    `  ${establishedExplanation(established)}`,
    ...(plan.warnings.length ? ['', pc.bold('warnings:'), ...plan.warnings.map((w) => `  ${pc.yellow('!')} ${w}`)] : []),
    '',
    pc.bold('NetworkPolicy:'),
    stringify(plan.policy, { lineWidth: 0 }).trimEnd(),
  ].join('\n');
}

/** The `sweep` report. */
export function sweepSummary(report: SweepReport): string {
  const lines = [`swept ${report.namespaces.length ? report.namespaces.join(', ') : '(no namespaces)'}`];
  if (report.deletedPolicies.length === 0 && report.removedLabels.length === 0 && report.removedHelpers.length === 0) lines.push('nothing to remove');
  for (const p of report.deletedPolicies) lines.push(`  deleted policy ${p.namespace}/${p.name} (fault ${p.faultId}, ${p.reason})`);
  for (const l of report.removedLabels) lines.push(`  removed label of fault ${l.faultId} from pod ${l.namespace}/${l.pod}`);
  for (const h of report.removedHelpers) lines.push(`  removed finished connection-cutting helper pod ${h.namespace}/${h.pod}`);
  for (const e of report.recordedEnds ?? [])
    lines.push(`  recorded ${e.reason} for fault ${e.faultId} in ${e.namespace} (it ended while no netpart process watched)`);
  return lines.join('\n');
}
