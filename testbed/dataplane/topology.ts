// The node namespace, the root↔node link and per-pod namespaces with veth pairs (routed, no bridge).
import { inNetns, run, runQuietly } from './exec.ts';
import { type DataplaneLayout, namesOf, nodeIPOf } from './layout.ts';

/** Creates the node namespace with the node IP, forwarding on, and a link to the root namespace. */
export async function createNode(layout: DataplaneLayout): Promise<void> {
  const n = namesOf(layout);
  const inNode = (argv: string[]) => run(inNetns(n.nodeNetns, argv));
  await run(['ip', 'netns', 'add', n.nodeNetns]);
  await run(['ip', 'link', 'add', n.hostVeth, 'type', 'veth', 'peer', 'name', n.nodeVeth, 'netns', n.nodeNetns]);
  await run(['ip', 'addr', 'add', `${layout.hostLinkIP}/30`, 'dev', n.hostVeth]);
  await run(['ip', 'link', 'set', n.hostVeth, 'up']);
  // The root namespace only needs a way back to pods; it forwards nothing.
  await run(['ip', 'route', 'add', `${layout.podRange}/16`, 'via', layout.nodeLinkIP, 'dev', n.hostVeth]);
  await inNode(['ip', 'link', 'set', 'lo', 'up']);
  // The node IP sits on lo so that it answers ARP on every pod veth without a bridge.
  await inNode(['ip', 'addr', 'add', `${nodeIPOf(layout)}/32`, 'dev', 'lo']);
  await inNode(['ip', 'addr', 'add', `${layout.nodeLinkIP}/30`, 'dev', n.nodeVeth]);
  await inNode(['ip', 'link', 'set', n.nodeVeth, 'up']);
  await inNode(['ip', 'route', 'add', 'default', 'via', layout.hostLinkIP]);
  await inNode(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
}

/** Creates a pod namespace with `ip` on its eth0, routed through the node namespace over `veth` (node side). */
export async function createPodNetwork(layout: DataplaneLayout, uid8: string, ip: string, veth = namesOf(layout).podVeth(uid8)): Promise<string> {
  const n = namesOf(layout);
  const netns = n.podNetns(uid8);
  const nodeIP = nodeIPOf(layout);
  await run(['ip', 'netns', 'add', netns]);
  try {
    await run(['ip', '-n', n.nodeNetns, 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
    const inPod = (argv: string[]) => run(inNetns(netns, argv));
    await inPod(['ip', 'link', 'set', 'lo', 'up']);
    await inPod(['ip', 'addr', 'add', `${ip}/32`, 'dev', 'eth0']);
    await inPod(['ip', 'link', 'set', 'eth0', 'up']);
    await inPod(['ip', 'route', 'add', nodeIP, 'dev', 'eth0', 'scope', 'link']);
    await inPod(['ip', 'route', 'add', 'default', 'via', nodeIP, 'dev', 'eth0']);
    await run(['ip', '-n', n.nodeNetns, 'link', 'set', veth, 'up']);
    // replace, not add: a route left by an earlier pod with this IP must not keep a new pod off the network.
    await run(['ip', '-n', n.nodeNetns, 'route', 'replace', `${ip}/32`, 'dev', veth, 'src', nodeIP]);
  } catch (error) {
    await runQuietly(['ip', 'netns', 'del', netns]);
    throw error;
  }
  return netns;
}

/**
 * Deletes a pod namespace; its veth pair and node-side route go with it. Missing is fine. Any process still inside is
 * killed first, as a kubelet leaves nothing of a pod behind: one left running would keep the namespace (and its route
 * to the pod IP) alive after the IP is handed to the next pod.
 */
export async function deletePodNetwork(layout: DataplaneLayout, uid8: string): Promise<void> {
  const netns = namesOf(layout).podNetns(uid8);
  const pids = (await run(['ip', 'netns', 'pids', netns]).catch(() => ''))
    .split('\n')
    .map(Number)
    .filter((pid) => pid > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await runQuietly(['ip', 'netns', 'del', netns]);
}

/** Names of the network namespaces with the layout's prefix that exist now (none when `ip netns` fails). */
export async function layoutNamespaces(layout: DataplaneLayout): Promise<string[]> {
  const listed = await run(['ip', 'netns', 'list']).catch(() => '');
  return listed
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`${layout.name}-`));
}

/** Removes every namespace with the layout's prefix and the root-side veth (and so its route). */
export async function deleteEverything(layout: DataplaneLayout): Promise<void> {
  const ours = await layoutNamespaces(layout);
  // Pods first so no veth outlives the node namespace it points into.
  for (const netns of ours.filter((x) => x !== namesOf(layout).nodeNetns)) await runQuietly(['ip', 'netns', 'del', netns]);
  await runQuietly(['ip', 'netns', 'del', namesOf(layout).nodeNetns]);
  await runQuietly(['ip', 'link', 'del', namesOf(layout).hostVeth]);
}
