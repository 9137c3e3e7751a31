// What scenario files import: defineScenario, env helpers, the partition recipe, and the types. In the runner this
// module is the scenario runtime: a scenario bundle's `netpart/scenario` import resolves to the runner's copy of it.
export { defineScenario, type Scenario, type ScenarioDefinition } from './define.ts';
export type { ScenarioContext } from './types.ts';
export { ScenarioAssertionError, ScenarioAbortedError } from './errors.ts';
export { seconds, millis, rate, flag, podPrefix, labels, tcpPort } from './env-helpers.ts';
export {
  requireHealthyBaseline,
  measureFaultWindow,
  recordFaultWindow,
  measureRecovery,
  partitionSettings,
  runPartitionRecipe,
  type FaultWindowMeasurement,
  type PartitionRecipe,
  type PartitionSettings,
} from './partition-recipe.ts';
export { z } from 'zod';
/** The version of this runtime; a scenario bundle built against an incompatible one is refused naming both. */
export { RUNTIME_VERSION } from '../util/scenario-runtime.ts';
