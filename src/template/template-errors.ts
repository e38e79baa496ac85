// Runtime error codes of Handlebars rendering (syntax errors are load-time diagnostics: TPL_SYNTAX, TPL_UNKNOWN_HELPER).
export const TEMPLATE_ERROR_CODES = {
  TPL_RENDER: 'A template failed while it was rendered, or its output or loops went past the limit (16 Mi characters, 100,000 iterations).',
} as const;

export type TemplateErrorCode = keyof typeof TEMPLATE_ERROR_CODES;
