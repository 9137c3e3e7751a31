// The contract between the runner and its readers (run-incluster, the report, the API): types and constants only.
export * from './result.ts';
export * from './exit-codes.ts';
export * from './events.ts';
