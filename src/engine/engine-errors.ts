// Runtime error codes the interpreter raises while running cards, helpers and user flows, with what each means
// (docs/errors.md documents them; src/errors/runtime-codes.ts gathers every area's codes).
export const ENGINE_ERROR_CODES = {
  TYPE_REQUIRED: 'A required input, option, output or connection field has no value (and no default).',
  TYPE_MISMATCH: 'A value does not have the declared type (e.g. text where a Number is declared, or no File where a file is expected).',
  TYPE_CHOICE: 'A dropdown value is not one of its choices.',
  TYPE_UNKNOWN_FIELD: 'An input, option or connection field was given that the card, flow or connector does not declare.',
  RUN_UNKNOWN_CONNECTOR: 'A command or run names a connector the project does not define.',
  RUN_UNKNOWN_CARD: 'A command or run names a card the connector does not define.',
  RUN_CALL_DEPTH: '`call` steps nest deeper than the limit (16), usually a helper that calls itself.',
  RUN_TOO_MANY_ITEMS: 'A `forEach` got more items than the limit (100,000).',
  RUN_ABORTED: 'The execution (or poll) was stopped before it finished, e.g. by shutdown or a timeout.',
  RUN_INTERNAL: 'Something failed that is not a coded runtime error: a bug in connector-runtime.',
  CONNECTION_REQUIRED: 'The connector has auth, but no connection was given.',
  CONNECTION_MISMATCH: 'The connection given belongs to another connector.',
  CONNECTION_NOT_FOUND: 'No stored connection has the name a flow, trigger or command gives.',
  CODE_LOAD: 'The module of a `code` step could not be loaded (syntax error, missing import, error at load).',
  CODE_EXPORT: 'The module of a `code` step has no function under the exported name.',
  CODE_FAILED: 'The function of a `code` step threw an error.',
  FLOW_RAISED: 'A `raise` step without its own `code` failed the flow on purpose.',
  DYNAMIC_FIELDS_INVALID: 'A `dynamicFields` helper returned something that is not a list of field definitions.',
  HTTP_BASE_URL: 'The connector\'s base URL, rendered with the connection\'s fields, is not an http(s) URL.',
} as const;

export type EngineErrorCode = keyof typeof ENGINE_ERROR_CODES;
