// Runtime error codes of JSONata evaluation (syntax errors are load-time diagnostics: EXPR_SYNTAX, EXPR_TOO_LONG).
export const EXPR_ERROR_CODES = {
  EXPR_EVALUATION: 'A JSONata expression failed while it was evaluated (e.g. a function given the wrong type).',
  EXPR_TIMEOUT: 'A JSONata expression ran longer than the limit (1 s per evaluation).',
  EXPR_DEPTH: 'A JSONata expression nested or recursed deeper than the limit (200 levels).',
} as const;

export type ExprErrorCode = keyof typeof EXPR_ERROR_CODES;
