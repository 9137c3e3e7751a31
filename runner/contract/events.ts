// Log event names (pino's `msg`): an interface, since run-incluster, the report and the API's metrics parse them.
// One style: dotted snake_case, `<area>.<what>`; the fields of each are in docs/scenarios.md and runner/api/README.md.

/** Every event name the runner, the engine and the API log. */
export const EVENTS = {
  runnerStart: 'runner.start',
  runnerStartUpViaClientNode: 'runner.start_up_via_client_node',
  runnerTerminationNotWritten: 'runner.termination_message_not_written',
  scenarioStart: 'scenario.start',
  scenarioLoaded: 'scenario.loaded',
  scenarioResult: 'scenario.result',
  stepStart: 'step.start',
  stepEnd: 'step.end',
  check: 'check',
  metric: 'metric',
  sweep: 'sweep',
  sweepFailed: 'sweep.failed',
  sweepDeleted: 'sweep.deleted',
  sweepHelperDeleted: 'sweep.helper_deleted',
  sweepEventNotWritten: 'sweep.event_not_written',
  faultInjected: 'fault.injected',
  faultEstablishedCut: 'fault.established_cut',
  faultRecovered: 'fault.recovered',
  faultRecoverRetry: 'fault.recover_retry',
  faultRecoverFailed: 'fault.recover_failed',
  faultExpired: 'fault.expired',
  faultExpiryRecoverFailed: 'fault.expiry_recover_failed',
  faultBlockedIpsUpdated: 'fault.blocked_ips_updated',
  faultIpFollowFailed: 'fault.ip_follow_failed',
  enforcementProbeSkipped: 'enforcement_probe.skipped',
  enforcementProbeConnectionsSurvive: 'enforcement_probe.connections_survive',
  apiListening: 'api.listening',
  apiRequest: 'api.request',
  apiError: 'api.error',
  apiSweepFailed: 'api.sweep.failed',
  apiReholdFailed: 'api.rehold.failed',
  apiStartFailed: 'api.start.failed',
  apiStopping: 'api.stopping',
  apiInsecure: 'api.insecure',
  apiUnauthenticatedAs: 'api.unauthenticated_as',
} as const;

/** One event name. */
export type EventName = (typeof EVENTS)[keyof typeof EVENTS];
