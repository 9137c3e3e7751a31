// fast-check arbitraries for partition specs that are mostly valid, with a chance of junk in any one field.
import fc from 'fast-check';

const LABEL_KEYS = ['app', 'app.kubernetes.io/name', 'tier', 'example.com/Role_1', `${'p'.repeat(250)}.io/x`, 'k'.repeat(63)];
const LABEL_VALUES = ['nats', 'worker', 'frontend', '', 'a-b.c_d', 'v'.repeat(63)];

/** Where the generated specs point: the app namespace, the pod-name prefixes that exist there, other namespaces. */
export interface SpecWorld {
  namespace: string;
  podPrefixes: string[];
  namespaces: string[];
  /** Also mix in values of the wrong type or out of range. */
  junk: boolean;
}

const labels = (min: number) => fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: min, maxKeys: 3 });

/** A spec input that is usually valid; with `junk`, any field may hold a wrong value. */
export function nearValidSpec(world: SpecWorld): fc.Arbitrary<Record<string, unknown>> {
  const maybeJunk = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    world.junk ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.jsonValue() }) : arb;
  // Without junk the generator leans to specs the engine accepts, so a cluster run exercises real injections.
  const namespaceArb = world.junk ? fc.constantFrom(...world.namespaces, 'kube-system', 'Bad_NS') : fc.constantFrom(...world.namespaces);
  const rarely = <T>(arb: fc.Arbitrary<T>, usual: T): fc.Arbitrary<T> =>
    world.junk ? arb : fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: arb });
  return fc.record(
    {
      namespace: world.junk ? maybeJunk(fc.constant(world.namespace)) : fc.constant(world.namespace),
      target: maybeJunk(
        fc.oneof(
          fc.record({ prefix: rarely(fc.oneof(fc.constantFrom('zzz', ' ', ''), fc.string({ maxLength: 8 })), world.podPrefixes[0]!) }),
          fc.record({ prefix: fc.constantFrom(...world.podPrefixes) }),
          fc.record({ selector: labels(world.junk ? 0 : 1) }),
        ),
      ),
      count: maybeJunk(fc.oneof(fc.constantFrom('one', 'all'), fc.integer({ min: 1, max: 6 }))),
      blockNats: maybeJunk(fc.boolean()),
      natsSelectors: maybeJunk(fc.array(labels(1), { minLength: 1, maxLength: 2 })),
      blockPods: maybeJunk(fc.array(fc.record({ labels: labels(1), namespace: namespaceArb }, { requiredKeys: ['labels'] }), { maxLength: 3 })),
      allowNamespaces: maybeJunk(rarely(fc.subarray(world.namespaces), [])),
      blockAllEgress: maybeJunk(rarely(fc.boolean(), false)),
      direction: maybeJunk(fc.constantFrom('egress', 'ingress', 'both')),
      ports: maybeJunk(fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }), { maxLength: 3 })),
      duration: maybeJunk(fc.integer({ min: 1, max: 600 })),
      maxTargetShare: maybeJunk(fc.double({ min: 0.1, max: 1, noNaN: true })),
      force: maybeJunk(fc.boolean()),
    },
    { requiredKeys: ['namespace', 'target'] },
  );
}
