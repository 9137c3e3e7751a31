// Named error classes shared across the runner; each carries `cause` so the root failure is never lost.

/** Input that failed validation; `issues` names each bad field and how to fix it. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A request the engine refuses on purpose (unsafe target, ineffective partition, …); nothing was created. */
export class RefusedError extends Error {
  override name = 'RefusedError';
  constructor(
    message: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A fault id that the cluster does not know. */
export class FaultNotFoundError extends Error {
  override name = 'FaultNotFoundError';
  constructor(
    readonly faultId: string,
    options?: ErrorOptions,
  ) {
    super(`fault ${faultId} not found`, options);
  }
}

/** A Kubernetes API call that failed; `message` carries the API server's own words. */
export class KubeRequestError extends Error {
  override name = 'KubeRequestError';
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
